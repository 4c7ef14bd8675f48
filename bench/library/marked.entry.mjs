// Entry of the library benchmark: bundled by bench/build-library.mjs, together with marked,
// into one classic script (an IIFE) at bench/programs/generated/marked.js.
// It builds a sizeable Markdown document and renders it to HTML several times.
import { Marked } from 'marked';

function section(i) {
  return [
    `## Section ${i}: *emphasis*, **strong** and \`code\``,
    '',
    `Paragraph ${i} with a [link](https://example.com/page/${i} "title ${i}"), an autolink <https://example.org/${i}>,`,
    `some _underscored_ words, a ~~strike~~, an entity &copy; and a hard  `,
    'line break. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.',
    '',
    `> A quote in section ${i}`,
    '> > nested, with **bold** text',
    '',
    `1. first item ${i}`,
    '2. second item with `inline code`',
    '   - nested bullet',
    '   - another *one*',
    '3. third item',
    '',
    '```js',
    `function example${i}(a, b) {`,
    '  return a < b ? a : b;',
    '}',
    '```',
    '',
    '| Name | Value | Notes |',
    '| :--- | ----: | :---: |',
    `| alpha | ${i} | first |`,
    `| beta | ${i * 2} | **second** |`,
    `| gamma | ${i * 3} | [third](#s${i}) |`,
    '',
    '---',
    '',
  ].join('\n');
}

function buildDocument(sections) {
  const parts = ['# Benchmark document', ''];
  for (let i = 0; i < sections; i++) parts.push(section(i));
  return parts.join('\n');
}

function hash(text) {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}

const md = new Marked({ gfm: true, breaks: false });
const source = buildDocument(16);
let total = 0;
let html = '';
for (let round = 0; round < 2; round++) {
  html = md.parse(source);
  total = (total + hash(html)) | 0;
}
console.log('marked', source.length, html.length, total);
