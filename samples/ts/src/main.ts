// A small TypeScript program to debug from its .ts sources: classes, async functions and two
// modules, bundled into one script with a source map (`npm run build:samples` -> samples/ts/out/).
import { Circle, Square, type Shape } from './shapes';
import { delay, sum } from './util';

declare const scriptArgs: string[];

async function measure(shapes: Shape[]): Promise<number> {
  let total = 0;
  for (const shape of shapes) {
    await delay(1);
    const area = shape.area();
    console.log(`${shape.describe()}: ${area.toFixed(2)}`);
    total += area;
  }
  return total;
}

function build(): Shape[] {
  return [new Circle(1), new Square(2), new Circle(0.5)];
}

async function main(): Promise<void> {
  const shapes = build();
  const total = await measure(shapes);
  console.log(`total area ${total.toFixed(2)}`);
  console.log(`sides ${sum(shapes.map((s) => s.sides))}`);
}

if (scriptArgs.includes('--fail')) new Circle(-1);
main();
