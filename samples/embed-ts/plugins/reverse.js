// A plugin for samples/embed-ts: the host calls the global function named like this file.
function reverse(text) {
  const chars = text.split('');
  chars.reverse();
  return chars.join('');
}
