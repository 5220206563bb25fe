import { FatalError } from "@symbiote/sdk";

/** The demo cannot go on: a step's outcome is not what the walk-through needs. The message says what happened. */
export class DemoError extends FatalError {
  override name = "DemoError";
}
