// A plugin for samples/embed-ts: the host calls the global function named like this file.
function shout(text) {
  const upper = text.toUpperCase();
  return upper + '!';
}
