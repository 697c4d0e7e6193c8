/**
 * Builds the zh-CN custom-functions metadata from the generated functions.json and a
 * translation table (src/functions/functions.zh-CN.json). Ids stay the same (code calls them
 * by id); names, descriptions and parameter descriptions are replaced where translated.
 * Translation table shape:
 *   { "GRADE": { "name": "信用等级", "description": "...", "parameters": { "ids": "..." } }, ... }
 */
"use strict";

function localizeFunctionsMetadata(metadata, translations) {
  const functions = metadata.functions.map((fn) => {
    const t = translations[fn.id];
    if (!t) return fn;
    return {
      ...fn,
      name: t.name || fn.name,
      description: t.description || fn.description,
      parameters: (fn.parameters || []).map((p) => ({
        ...p,
        description: (t.parameters && t.parameters[p.name]) || p.description,
      })),
    };
  });
  return { ...metadata, functions };
}

/**
 * The metadata as Excel must get it: error cells of a range argument passed in (as error values)
 * instead of Excel answering #VALUE! without calling the function, so the function can name the
 * row (issue 10). The metadata generator cannot write this flag; it is added here.
 */
function withErrorInputs(metadata) {
  return { allowErrorForDataTypeAny: true, ...metadata };
}

module.exports = { localizeFunctionsMetadata, withErrorInputs };
