import { listBuiltinScenarios } from '../../scenario/files.node.js';
import { EXIT_OK, type CliIo } from '../io.js';

/** `corrsim scenarios`: the built-in scenarios, one per line with its description. */
export function scenariosCommand(io: CliIo): number {
  const list = listBuiltinScenarios();
  const width = Math.max(0, ...list.map((s) => s.name.length));
  for (const s of list) io.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
  return EXIT_OK;
}
