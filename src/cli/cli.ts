/**
 * The command line: flags parsed by yargs, then handed to one function per command. `runCli` takes
 * the arguments and where to print, and returns the exit code, so tests call it directly.
 */
import yargs, { type Argv } from 'yargs';
import { corrsimVersion } from '../scenario/files.node.js';
import { EXIT_OK, internalError, shellQuote, usageError, type CliIo } from './io.js';
import { backtestCommand, type BacktestArgs } from './commands/backtest.js';
import { fromResume, parseShard, resumeIdentity } from '../experiments/shards.js';
import { mergeCommand, type MergeArgs } from './commands/merge.js';
import { slurmCommand } from './commands/slurm.js';
import { readResume, withoutShard, type BatchMode, type ShardRounds } from './shards.js';
import { capacityCommand, type CapacityArgs } from './commands/capacity.js';
import { censusCommand, type CensusArgs } from './commands/census.js';
import { compareCommand, type CompareArgs } from './commands/compare.js';
import { runCommand, type RunArgs } from './commands/run.js';
import { scenariosCommand } from './commands/scenarios.js';
import { seminarCommand, type SeminarArgs } from './commands/seminar.js';
import { sweepCommand, type SweepArgs } from './commands/sweep.js';
import { traceCommand, type TraceArgs } from './commands/trace.js';
import { validateCommand, type ValidateArgs } from './commands/validate.js';
import { backtestOptions, batchOptions, capacityOptions, censusOptions, compareOptions, mergeOptions, runOptions, seminarOptions, slurmOptions, sweepOptions, traceOptions, validateOptions } from './options.js';

export type { CliIo } from './io.js';

/** The commands, as named in messages. */
const COMMANDS = ['run', 'compare', 'sweep', 'capacity', 'census', 'trace', 'validate', 'backtest', 'scenarios', 'merge', 'slurm', 'seminar'];

/** How the command line is run from inside: `corrsim merge` replays a study's command on its shards. */
export interface CliOptions {
  batch?: BatchMode;
}

export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  try {
    // corrsim slurm takes the study's own arguments after its own, so yargs sees only its --help.
    if (argv[0] === 'slurm' && !argv.includes('--help') && !argv.includes('-h') && options.batch === undefined) {
      return await slurmCommand(argv.slice(1), io, async (study) => {
        const code = await runCli(study, io, { batch: { kind: 'check' } });
        return code === EXIT_OK ? undefined : code;
      });
    }
    let parsed: { args: Record<string, unknown>; output: string };
    try {
      parsed = await parse(buildParser(io), argv);
    } catch (error) {
      // No command runs inside yargs, so whatever it rejects is the user's input.
      return usageError(io, [explainYargsError(error instanceof Error ? error.message : String(error), argv)]);
    }
    // Help and version: yargs hands back the text instead of printing it.
    if (parsed.output !== '') {
      io.stdout.write(parsed.output.endsWith('\n') ? parsed.output : parsed.output + '\n');
      return EXIT_OK;
    }
    const args = parsed.args;
    // --shard K/N: the study is the command without it, and that is what its records say it ran.
    let batch = options.batch ?? { kind: 'local' };
    let commandArgv: readonly string[] = argv;
    if (args.shard !== undefined) {
      const raw = Array.isArray(args.shard) ? args.shard[args.shard.length - 1] : args.shard;
      const shard = parseShard(typeof raw === 'string' ? raw : '');
      if ('problem' in shard) return usageError(io, [shard.problem]);
      const study = withoutShard(argv);
      commandArgv = study;
      // A capacity search runs in rounds: each round, the shards run the next candidate; so does -n auto: each round,
      // the replications up to the next checkpoint (--resume: the rounds merged so far).
      let rounds: ShardRounds | undefined;
      const auto = ['run', 'compare'].includes(commandName(args)) && isAuto(args.replications);
      if (commandName(args) === 'capacity' || auto) {
        rounds = { round: 1, resumed: null, ...(auto ? { auto } : {}) };
        if (args.resume !== undefined) {
          const resume = await readResume(String(Array.isArray(args.resume) ? args.resume.at(-1) : args.resume));
          if ('problem' in resume) return usageError(io, [resume.problem]);
          rounds = { round: resume.record.round + 1, known: fromResume(resume.record), resumed: resumeIdentity(resume.record), ...(auto ? { auto } : {}) };
        }
      }
      if (rounds === undefined && args.resume !== undefined) {
        return usageError(io, ['--resume continues a study in rounds (a capacity search, -n auto) from the rounds merged so far; this one runs in one go']);
      }
      if (batch.kind !== 'check') batch = { kind: 'shard', shard, argv: study, outGiven: args.out !== undefined, ...(rounds !== undefined ? { rounds } : {}) };
    } else if (args.resume !== undefined && commandName(args) !== 'merge') {
      return usageError(io, ['--resume goes with --shard K/N: it continues the shards of a study in rounds (a capacity search, -n auto) from the rounds merged so far']);
    }
    const command = ['corrsim', ...commandArgv].map(shellQuote).join(' ');
    switch (args._ instanceof Array ? String(args._[0]) : '') {
      case 'run':
        return await runCommand(args as unknown as RunArgs, command, io, batch);
      case 'compare':
        return await compareCommand(args as unknown as CompareArgs, command, io, batch);
      case 'sweep':
        return await sweepCommand(args as unknown as SweepArgs, command, io, batch);
      case 'capacity':
        return await capacityCommand(args as unknown as CapacityArgs, command, io, batch);
      case 'merge':
        if (options.batch !== undefined) return usageError(io, ['merge: the shards are of a merge, not of a study']);
        return await mergeCommand(args as unknown as MergeArgs, io, (a, b, rerunIo) => runCli(a, rerunIo, { batch: b }));
      case 'census':
        return await censusCommand(args as unknown as CensusArgs, command, io);
      case 'trace':
        return await traceCommand(args as unknown as TraceArgs, command, io);
      case 'validate':
        return await validateCommand(args as unknown as ValidateArgs, command, io);
      case 'backtest':
        return await backtestCommand(args as unknown as BacktestArgs, command, io);
      case 'scenarios':
        return scenariosCommand(io);
      case 'seminar':
        return await seminarCommand(args as unknown as SeminarArgs, io);
      default:
        return usageError(io, [`name a command: ${COMMANDS.join(', ')} (see corrsim --help)`]);
    }
  } catch (error) {
    return internalError(io, 'internal error', error);
  }
}

function commandName(args: Record<string, unknown>): string {
  return args._ instanceof Array ? String(args._[0]) : '';
}

/** Whether -n/--replications (its last value) says auto. */
function isAuto(replications: unknown): boolean {
  const last = Array.isArray(replications) ? replications.at(-1) : replications;
  return typeof last === 'string' && last.trim().toLowerCase() === 'auto';
}

function buildParser(io: CliIo): Argv {
  const width = Math.min(100, io.stderr.columns ?? 100);
  return yargs()
    .scriptName('corrsim')
    .usage('Usage: $0 <command> [options]\n\nDiscrete-event simulation of the Norwegian prison system.')
    .command('run [scenario]', 'Run a Monte Carlo batch of one scenario and write its output folder', runOptions)
    .command('compare [baseline] [policies..]', 'Compare policies with a baseline: paired differences with common random numbers', compareOptions)
    .command('sweep [scenario]', 'Run a scenario over a grid of one or two parameters (--vary)', sweepOptions)
    .command('capacity [scenario]', 'Find the smallest number of places at a level that keeps a target (--target) with a stated probability', (y) =>
      batchOptions(capacityOptions(y), 'outputs/capacity-<scenario>-<level>', 'capacity.json', false),
    )
    .command('census [scenario]', 'Write the synthetic census of a scenario: everyone in the system at its steady state, as a CSV to start runs from', censusOptions)
    .command('trace [scenario]', 'Follow people through one replication and tell their stories, event by event', traceOptions)
    .command('validate', 'Check the model against queueing theory, Little\'s law, conservation, the calibration targets and a known effect', validateOptions)
    .command('backtest [scenario]', 'Run a historical scenario and score it against observed series (--data): intervals, MAPE, bias, coverage, a naive forecast', (y) =>
      batchOptions(backtestOptions(y), 'outputs/backtest-<scenario>', 'backtest.json'),
    )
    .command('merge [dirs..]', 'Merge the shards of a study (written with --shard K/N) into the files one run writes, byte-identical', mergeOptions)
    .command('slurm', 'Run a study on a Slurm cluster: a job array of --shards N shards and a merge job after it', slurmOptions)
    .command('scenarios', 'List the built-in scenarios with a one-line description each', (y) =>
      y.usage('Usage: $0 scenarios\n\nList the built-in scenarios with a one-line description each.'),
    )
    .command('seminar', 'Serve the seminar page (the model in the browser, with levers) on this computer', seminarOptions)
    .demandCommand(1, `name a command: ${COMMANDS.join(', ')} (see corrsim --help)`)
    // Values stay strings, so that run.ts can quote a bad one back; no type tag in the help.
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false })
    .strict()
    .help()
    .alias('help', 'h')
    .version(corrsimVersion())
    .exitProcess(false)
    .fail(false)
    .wrap(width);
}

/** yargs.parse with a callback, so that help and version text come back instead of being printed. */
function parse(parser: Argv, argv: readonly string[]): Promise<{ args: Record<string, unknown>; output: string }> {
  return new Promise((resolve, reject) => {
    try {
      parser.parse([...argv], {}, (error: Error | undefined, args: Record<string, unknown>, output: string) => {
        if (error) reject(error);
        else resolve({ args, output: output ?? '' });
      });
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * yargs says "Unknown argument: frob"; say which flag or word that was as the user typed it,
 * so `--frob` reads as an unknown option and a stray word as an unexpected argument.
 */
export function explainYargsError(message: string, argv: readonly string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown === null) return message.split('\n', 1)[0];
  const names = unknown[1].split(', ');
  const options: string[] = [];
  const words: string[] = [];
  for (const name of names) {
    const long = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `--no-${name}`);
    if (long !== undefined) options.push(long.split('=', 1)[0]);
    else if (name.length === 1 && argv.some((a) => /^-[^-]/.test(a) && a.includes(name))) options.push(`-${name}`);
    else if (argv.includes(name)) words.push(name);
    else options.push(name.length === 1 ? `-${name}` : `--${name}`);
  }
  const parts: string[] = [];
  const commandWord = words.length > 0 && argv.find((a) => !a.startsWith('-')) === words[0];
  if (commandWord) parts.push(`unknown command '${words.shift()}' (commands: ${COMMANDS.join(', ')})`);
  if (options.length > 0) parts.push(`unknown option${options.length > 1 ? 's' : ''} ${options.join(', ')}`);
  if (words.length > 0) parts.push(`unexpected argument${words.length > 1 ? 's' : ''} ${words.map((w) => `'${w}'`).join(', ')}`);
  return parts.join('; ') + ' (see --help)';
}
