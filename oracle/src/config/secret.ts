import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * A value that must never reach a log line, an error message or a JSON dump (the operator key). Reading it takes
 * an explicit `reveal()`; every implicit conversion prints `[redacted]`.
 */
export class Secret<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
