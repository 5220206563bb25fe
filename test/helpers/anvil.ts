/** The test harness's local chain: the same anvil helper the demo uses (script/lib/anvil.ts). */
export { type Anvil, freePort, type StartAnvilOptions, startAnvil } from "../../script/lib/anvil.ts";
