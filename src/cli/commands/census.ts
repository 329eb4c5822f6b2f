/**
 * `corrsim census [SCENARIO]`: the census study (src/studies/census.ts), the synthetic census of a
 * scenario written to a CSV that a planner can read, edit, or replace with the real one.
 */
import { join } from 'node:path';
import { corrsimVersion } from '../../scenario/files.node.js';
import { censusStudy } from '../../studies/census.js';
import { jsonText } from '../../report/csv.js';
import { censusText } from '../../report/text/census.js';
import { parseBatchFlags, type BatchArgs } from '../flags.js';
import { EXIT_OK, internalError, usageError, type CliIo } from '../io.js';
import { writeOutputFolder } from '../output.js';
import { folderOrExit, identityOf, loadOrExit, safeFolderName } from '../runner.js';

export interface CensusArgs extends BatchArgs {
  scenario: string;
}

export async function censusCommand(args: CensusArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: false });
  if (problems.length > 0) return usageError(io, problems);
  const loaded = loadOrExit(io, args.scenario, flags.sets);
  if (!loaded.ok) return loaded.exit;
  const seed = flags.seed ?? loaded.value.scenario.run.seed;
  const warmupYears = flags.warmupYears ?? loaded.value.scenario.run.warmupYears;
  if (!(warmupYears > 0)) return usageError(io, [`--warmup-years must be above 0 for a census of a steady state; got ${warmupYears}`]);
  const folder = flags.out ?? join('outputs', `census-${safeFolderName(loaded.value.name)}`);
  const folderExit = await folderOrExit(io, folder);
  if (folderExit !== undefined) return folderExit;

  let census: ReturnType<typeof censusStudy>;
  try {
    census = censusStudy({ provenance: { corrsim: corrsimVersion(), command }, scenario: identityOf(loaded.value), seed, warmupYears });
  } catch (error) {
    return internalError(io, 'the simulation failed', error);
  }
  const { censusFiles } = await import('../../report/files.js');
  try {
    await writeOutputFolder(folder, censusFiles(census.records, census.record));
  } catch (error) {
    return internalError(io, `cannot write the output folder ${folder}`, error);
  }
  if (args.json) io.stdout.write(jsonText(census.record));
  else if (!args.quiet) io.stdout.write(censusText(census.record, warmupYears, census.records.length, join(folder, 'census.csv')));
  return EXIT_OK;
}
