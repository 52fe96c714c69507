/** One statement's text and its parameters ($1, $2, … in order). */
export interface Statement {
  text: string;
  params: unknown[];
}

/** Collects `WHERE` clauses, each with one `?` standing for its value, numbering the parameters as they come. */
export class Conditions {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  constructor(private readonly offset = 0) {}

  add(clause: string, value: unknown): this {
    this.params.push(value);
    this.clauses.push(clause.replaceAll('?', `$${this.offset + this.params.length}`));
    return this;
  }

  /** A clause without a parameter. */
  always(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  get where(): string {
    return this.clauses.length > 0 ? this.clauses.join(' AND ') : 'TRUE';
  }
}
