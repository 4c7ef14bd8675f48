// A plugin: evaluated by app.mjs with ctx.evalCode(source, filename).
function greeting(times) {
  const words = [];
  for (let i = 0; i < times; i++) words.push('hello');
  return words.join(' ');
}

plugins.push({
  name: 'greet',
  run(n) {
    const text = greeting(n);
    log(text);
    return text.length;
  },
});
