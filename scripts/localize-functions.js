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

module.exports = { localizeFunctionsMetadata };
