import type { NodeSetup } from "@symbiote/devnet";
import { loadConfig } from "@symbiote/oracle";
import pino, { type Logger } from "pino";
import { OperatorNode } from "../../../oracle/src/node/operatorNode.ts";

/**
 * Runs the operator node in the test's own process (a process of its own: @symbiote/devnet's startNodeProcess). A test
 * that reads what the node logs passes its own logger.
 */
export function startNode(setup: NodeSetup, logger?: Logger): Promise<OperatorNode> {
  const config = loadConfig(setup.configPath, { env: setup.env });
  const node = new OperatorNode(config, { logger: logger ?? pino({ level: process.env.ORACLE_TEST_LOG ?? "warn" }) });
  return node.start().then(() => node);
}
