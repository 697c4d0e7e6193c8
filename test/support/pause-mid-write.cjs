/**
 * Preloaded (node --require) into a custfile child process by the output-safety test: the
 * first write into custfile's temporary output file writes half of the bytes, says so on
 * stderr, and then blocks forever, so the test can kill the process in the middle of writing.
 */
"use strict";
const fs = require("fs");
const openSync = fs.openSync;
const writeSync = fs.writeSync;
let tmpFd;
fs.openSync = function (file, ...rest) {
  const fd = openSync.call(fs, file, ...rest);
  if (typeof file === "string" && /\.custfile-\d+-[0-9a-f]+\.tmp$/.test(file)) tmpFd = fd;
  return fd;
};
fs.writeSync = function (fd, buffer, offset, length, ...rest) {
  if (fd !== tmpFd || typeof buffer === "string") return writeSync.call(fs, fd, buffer, offset, length, ...rest);
  const half = Math.max(1, Math.floor((length ?? buffer.length) / 2));
  writeSync.call(fs, fd, buffer, offset ?? 0, half);
  fs.fsyncSync(fd);
  writeSync.call(fs, 2, "custfile-test: paused mid-write\n");
  // Block this thread for good: the test kills the process now.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return half;
};
