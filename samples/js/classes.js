// classes.js — classes, inheritance, accessors, static members.

class Shape {
  static count = 0;

  constructor(name) {
    // Breakpoint here: `this` is a partially built object.
    this.name = name;
    Shape.count = Shape.count + 1;
  }

  area() {
    return 0;
  }

  describe() {
    const area = this.area();
    return this.name + " with area " + area;
  }

  static total() {
    return Shape.count;
  }
}

class Rect extends Shape {
  constructor(w, h) {
    super("rect");
    this.w = w;
    this.h = h;
  }

  get size() {
    return this.w + "x" + this.h;
  }

  set size(text) {
    // Breakpoint here: setter called by an assignment.
    const parts = text.split("x");
    this.w = Number(parts[0]);
    this.h = Number(parts[1]);
  }

  area() {
    return this.w * this.h;
  }
}

const r = new Rect(2, 3);
console.log(r.describe());
r.size = "4x5";
console.log("size = " + r.size);
console.log(r.describe());
const s = new Shape("point");
console.log(s.describe());
console.log("shapes = " + Shape.total());
