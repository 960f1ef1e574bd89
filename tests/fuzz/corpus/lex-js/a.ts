// comment
const re = /ab+c\/[/]/gi, x = a / b / c;
const q = `SELECT * FROM t WHERE id = ${id} AND n = ${ `nested ${deep}` }`;
function add(a: number, b: number): number { return a + b; }
const h = async (req, res) => { if (a ?? b) { return c ? d : e; } };
class A {
  constructor(x?: number) { this.x = x; }
  get value(): string { return this.v; }
  static make() { return new A(); }
}
obj.type = 'x'; let s = 'unterminated
