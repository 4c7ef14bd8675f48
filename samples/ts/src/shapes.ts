// Shapes: classes with a constructor check, methods and a field.
export interface Shape {
  readonly sides: number;
  area(): number;
  describe(): string;
}

export class Circle implements Shape {
  readonly sides: number = 0;

  constructor(private readonly radius: number) {
    if (radius < 0) throw new RangeError(`negative radius ${radius}`);
  }

  area(): number {
    const r2 = this.radius * this.radius;
    return Math.PI * r2;
  }

  describe(): string {
    return `circle r=${this.radius}`;
  }
}

export class Square implements Shape {
  readonly sides: number = 4;

  constructor(private readonly side: number) {}

  area(): number {
    return this.side * this.side;
  }

  describe(): string {
    return `square ${this.side}`;
  }
}
