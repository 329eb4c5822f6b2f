/**
 * `corrsim backtest [SCENARIO] --data FILE`: the backtest study (src/studies/backtest/) of a
 * historical scenario against observed series. Reads the data file and its vocabulary of series
 * (one line per problem naming the row and the column, exit 2), runs the replications, writes
 * backtest.json, backtest.csv, report.html and the charts, and prints the scores.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { packageRoot } from '../../scenario/files.node.js';
import { backtestProblems, backtestStudy, type BacktestOutcome, type BacktestRequest } from '../../studies/backtest/backtest.js';
import { parseHistory, parseVocabulary, type HistoryData } from '../../studies/backtest/data.js';
import { jsonText } from '../../report/csv.js';
import { backtestText } from '../../report/text/backtest.js';
import { reportFailuresOf, rerunStart } from '../failures.js';
import { lastString, parseBatchFlags, type BatchArgs } from '../flags.js';
import { usageError, type CliIo } from '../io.js';
import { folderOrExit, identityOf, loadOrExit, requestOrExit, runStudyCommand, safeFolderName, type CommandContext, type StudyEnding } from '../runner.js';

export interface BacktestArgs extends BatchArgs {
  scenario?: string;
  data?: unknown;
  series?: unknown;
}

/** The history scenario and data of the package (scenarios/history/, data/). */
export function defaultBacktestScenario(): string {
  return join(packageRoot(), 'scenarios', 'history', 'norway-2005.yaml');
}

export function defaultBacktestData(): string {
  return join(packageRoot(), 'data', 'norway-history.csv');
}

/** The vocabulary of a data file: FILE-series.csv beside it, else the package's. */
function defaultVocabulary(data: string): string {
  const beside = join(dirname(data), `${basename(data, extname(data))}-series${extname(data) || '.csv'}`);
  return existsSync(beside) ? beside : join(packageRoot(), 'data', 'norway-history-series.csv');
}

function readText(path: string, flag: string): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { ok: false, error: `${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}

/** The data file checked against its vocabulary, or every problem as one line. */
export function readHistory(dataPath: string, vocabularyPath: string): { ok: true; data: HistoryData } | { ok: false; errors: string[] } {
  const vocabularyText = readText(vocabularyPath, '--series');
  if (!vocabularyText.ok) return { ok: false, errors: [vocabularyText.error] };
  const vocabulary = parseVocabulary(vocabularyText.text, basename(vocabularyPath));
  if (!vocabulary.ok) return { ok: false, errors: vocabulary.errors };
  const dataText = readText(dataPath, '--data');
  if (!dataText.ok) return { ok: false, errors: [dataText.error] };
  const parsed = parseHistory(dataText.text, basename(dataPath), vocabulary.value);
  return parsed.ok ? { ok: true, data: parsed.value } : { ok: false, errors: parsed.errors };
}

export async function backtestCommand(args: BacktestArgs, command: string, io: CliIo): Promise<number> {
  const problems: string[] = [];
  const flags = parseBatchFlags(args, problems, { auto: false });
  const dataPath = lastString(args.data, '--data', problems) ?? defaultBacktestData();
  const vocabularyPath = lastString(args.series, '--series', problems) ?? defaultVocabulary(dataPath);
  if (problems.length > 0) return usageError(io, problems);

  const cx: CommandContext = { io, command, quiet: args.quiet === true, json: args.json === true };
  const loaded = loadOrExit(io, args.scenario ?? defaultBacktestScenario(), flags.sets);
  if (!loaded.ok) return loaded.exit;
  const history = readHistory(dataPath, vocabularyPath);
  if (!history.ok) return usageError(io, history.errors);
  const base = requestOrExit(cx, loaded.value, flags);
  if (!base.ok) return base.exit;
  const windowProblems = backtestProblems(history.data, loaded.value.scenario.run.startDate, base.value.years);
  if (windowProblems.length > 0) return usageError(io, windowProblems);
  const folder = flags.out ?? join('outputs', `backtest-${safeFolderName(loaded.value.name)}`);
  const folderExit = await folderOrExit(io, folder);
  if (folderExit !== undefined) return folderExit;

  const replications = typeof flags.replications === 'number' ? flags.replications : loaded.value.scenario.run.replications;
  const request: BacktestRequest = { ...base.value, scenario: identityOf(loaded.value), replications, data: history.data };
  const recipe = {
    scenario: args.scenario ?? defaultBacktestScenario(),
    sets: flags.sets,
    seed: request.seed,
    years: request.years,
    ...rerunStart(request.start),
    fixedEffects: request.fixedEffects,
    out: folder,
  };
  return runStudyCommand(cx, folder, flags.workers, (runner, ui) => backtestStudy(request, runner, ui.hooks), (outcome) =>
    backtestEnding(outcome, replications, cx, folder, () => reportFailuresOf(io, loaded.value.name, outcome.batch.failures, recipe)),
  );
}

function backtestEnding(outcome: BacktestOutcome, asked: number, cx: CommandContext, folder: string, reportFailures: () => void): StudyEnding {
  const { batch, record } = outcome;
  const finished = `${batch.results.length} of ${asked} replications finished; written to ${folder} with "complete": false`;
  return {
    anything: record !== undefined,
    failed: batch.failures.length > 0,
    complete: batch.complete,
    reportFailures,
    failedLine: finished,
    interruptedLine: `interrupted: ${finished}`,
    files: async () => (await import('../../report/files.js')).backtestFiles(record!),
    json: () => jsonText(record),
    text: () => backtestText(record!, folder),
  };
}
