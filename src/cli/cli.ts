/**
 * The command line: flags parsed by yargs, then handed to one function per command. `runCli` takes
 * the arguments and where to print, and returns the exit code, so tests call it directly.
 */
import yargs, { type Argv } from 'yargs';
import { corrsimVersion } from '../scenario/files.node.js';
import { EXIT_OK, internalError, shellQuote, usageError, type CliIo } from './io.js';
import { capacityCommand, capacityOptions, type CapacityArgs } from './capacity.js';
import { censusCommand, type CensusArgs } from './census.js';
import { compareCommand, type CompareArgs } from './compare.js';
import { defaultWorkers, runCommand, type RunArgs } from './run.js';
import { scenariosCommand } from './scenarios.js';
import { sweepCommand, type SweepArgs } from './sweep.js';
import { traceCommand, type TraceArgs } from './trace.js';
import { validateCommand, type ValidateArgs } from './validate.js';

export type { CliIo } from './io.js';

/** The commands, as named in messages. */
const COMMANDS = ['run', 'compare', 'sweep', 'capacity', 'census', 'trace', 'validate', 'scenarios'];

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
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
    const command = ['corrsim', ...argv].map(shellQuote).join(' ');
    const args = parsed.args;
    switch (args._ instanceof Array ? String(args._[0]) : '') {
      case 'run':
        return await runCommand(args as unknown as RunArgs, command, io);
      case 'compare':
        return await compareCommand(args as unknown as CompareArgs, command, io);
      case 'sweep':
        return await sweepCommand(args as unknown as SweepArgs, command, io);
      case 'capacity':
        return await capacityCommand(args as unknown as CapacityArgs, command, io);
      case 'census':
        return await censusCommand(args as unknown as CensusArgs, command, io);
      case 'trace':
        return await traceCommand(args as unknown as TraceArgs, command, io);
      case 'validate':
        return await validateCommand(args as unknown as ValidateArgs, command, io);
      case 'scenarios':
        return scenariosCommand(io);
      default:
        return usageError(io, [`name a command: ${COMMANDS.join(', ')} (see corrsim --help)`]);
    }
  } catch (error) {
    return internalError(io, 'internal error', error);
  }
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
      batchOptions(capacityOptions(y), 'outputs/capacity-<scenario>-<level>', 'capacity.json'),
    )
    .command('census [scenario]', 'Write the synthetic census of a scenario: everyone in the system at its steady state, as a CSV to start runs from', censusOptions)
    .command('trace [scenario]', 'Follow people through one replication and tell their stories, event by event', traceOptions)
    .command('validate', 'Check the model against queueing theory, Little\'s law, conservation, the calibration targets and a known effect', validateOptions)
    .command('scenarios', 'List the built-in scenarios with a one-line description each', (y) =>
      y.usage('Usage: $0 scenarios\n\nList the built-in scenarios with a one-line description each.'),
    )
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

function runOptions(y: Argv): Argv {
  const withUsage = y
    .usage(
      'Usage: $0 run [scenario] [options]\n\n' +
        'Run a Monte Carlo batch of one scenario and write summary.json, replications.csv,\n' +
        'timeseries.csv, cohorts.csv and report.html to the output folder. SCENARIO is a YAML or JSON\n' +
        'file or the name of a built-in scenario (see corrsim scenarios). With --band, run the scenario\n' +
        'once per admission projection (population.projections) and write each band\'s run to a\n' +
        'subfolder, with bands.csv, bands-timeseries.csv, bands-yearly.csv and a report side by side.',
    )
    .positional('scenario', { type: 'string', default: 'norway-baseline', describe: 'Scenario file or built-in name' });
  return autoOptions(batchOptions(withUsage, 'outputs/<scenario name>', 'summary.json'), 'mean')
    .option('replication', {
      describe: 'Run only replication R (0-based, as in replications.csv) of the batch, e.g. to rerun one that failed',
    })
    .option('stories', { describe: 'Life stories of people in the first replication to tell in report.html, 0 to 20 [default: 3]' })
    .option('band', {
      describe:
        'Run once per admission projection of the scenario’s population.projections, e.g. --band low,middle,high, all with the same seeds, ' +
        'and report them side by side (each band’s own run in a subfolder; default output outputs/<scenario name>-bands)',
    })
    .example('$0 run', 'the Norway baseline, written to outputs/norway-baseline/')
    .example('$0 run my-policy.yaml -n 40 -s 7 -o results/policy', '')
    .example('$0 run --set sentencing.lengthMultiplier=1.5 --years 5', '')
    .example('$0 run -n auto --precision reconviction_2y=0.005', 'replications until the 95% CI is ±0.5 pp')
    .example('$0 run norway-projection --band low,middle,high', 'SSB’s low, main and high population projections side by side');
}

function compareOptions(y: Argv): Argv {
  const withUsage = y
    .usage(
      'Usage: $0 compare BASELINE POLICY... [options]\n\n' +
        'Run the baseline and each policy with the same seed and replications (common random\n' +
        'numbers) and report, for every metric, the paired difference policy − baseline with its 95%\n' +
        'interval, the relative difference and the share of replications in which the policy did\n' +
        'better. Writes comparison.json, comparison.csv and one subfolder per scenario. Every scenario\n' +
        'runs with the baseline’s seed, replications and horizon unless the flags say otherwise.',
    )
    .positional('baseline', { type: 'string', describe: 'The baseline scenario (file or built-in name)' })
    .positional('policies', { type: 'string', array: true, describe: 'One or more policy scenarios' });
  return autoOptions(batchOptions(withUsage, 'outputs/compare-<baseline>-vs-<policies joined by +>', 'comparison.json'), 'difference')
    .example('$0 compare norway-baseline education-expansion', '')
    .example('$0 compare norway-baseline education-expansion housing-guarantee -n 40 -s 7', '')
    .example('$0 compare norway-baseline education-expansion -n auto --precision reconviction_2y=0.005', 'until the difference is known to ±0.5 pp');
}

function sweepOptions(y: Argv): Argv {
  const withUsage = y
    .usage(
      'Usage: $0 sweep [scenario] --vary PATH=FROM:TO:STEP [--vary PATH=FROM:TO:STEP] [options]\n\n' +
        'Run the scenario at every point of a grid over one or two parameters, all points with the\n' +
        'same seed and replications (common random numbers), and write sweep.csv (per point and\n' +
        'metric: mean, sd, 95% CI, percentiles), sweep.json and replications.csv.',
    )
    .positional('scenario', { type: 'string', default: 'norway-baseline', describe: 'Scenario file or built-in name' })
    .option('vary', { describe: 'A parameter and its grid, PATH=FROM:TO:STEP (one or two), e.g. --vary programs.education.slots=100:600:100' });
  return batchOptions(withUsage, 'outputs/sweep-<scenario>-<paths joined by +>', 'sweep.json')
    .example('$0 sweep --vary programs.education.slots=100:600:100 -n 20', '')
    .example('$0 sweep --vary parole.afterShareServed=0.5:0.75:0.05 --vary programs.education.slots=400:1000:300', 'a 6 × 3 grid');
}

function censusOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 census [scenario] [options]\n\n' +
        'Run the scenario from an empty system for its warm-up and write everyone in the system at\n' +
        'the end (held, waiting, on EM or community sentences, and those released and still followed)\n' +
        'to census.csv, one row per person, with census.json (provenance and counts). Start runs from it\n' +
        'with --census FILE (or run.census in a scenario) instead of a warm-up; replace it with a real\n' +
        'census in the same columns (see docs/census.md).',
    )
    .positional('scenario', { type: 'string', default: 'norway-baseline', describe: 'Scenario file or built-in name' })
    .option('seed', { alias: 's', describe: 'Seed of the warm-up, an integer ≥ 0 [default: the scenario’s run.seed]' })
    .option('warmup-years', { describe: 'Years simulated from an empty system before the census [default: the scenario’s run.warmupYears]' })
    .option('set', { describe: 'Override one scenario field, PATH=VALUE (repeatable)' })
    .option('out', { alias: 'o', describe: 'Output folder [default: outputs/census-<scenario>]' })
    .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
    .option('json', { type: 'boolean', describe: 'Print census.json to stdout instead of the table' })
    .example('$0 census -o outputs/census-2025', 'the Norway baseline’s steady state')
    .example('$0 run --census outputs/census-2025/census.csv --years 10', 'ten years from that census, no warm-up');
}

function traceOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 trace [scenario] [options]\n\n' +
        'Follow people chosen at random (or by --where) among those who first entered in the first half\n' +
        'of the measured period of one replication, and print their stories in dated lines: remanded,\n' +
        'sentenced, waited, placed, enrolled, incident, transferred, paroled, released with or without\n' +
        'housing and a job, back or not. Tracing changes nothing in the run it follows.',
    )
    .positional('scenario', { type: 'string', default: 'norway-baseline', describe: 'Scenario file or built-in name' })
    .option('people', { describe: 'How many people to follow, 1 to 1000 [default: 5]' })
    .option('where', {
      describe:
        'Only people whose path matches, e.g. sentence>365, offence=violence,age<25, returned, !released ' +
        '(fields: sentence, age, priors, incidents, programmes, offence, woman, remanded, policeCell, queued, open, halfway, em, paroled, released, returned)',
    })
    .option('seed', { alias: 's', describe: 'Master seed [default: the scenario’s run.seed]' })
    .option('replication', { describe: 'Which replication to follow [default: 0]' })
    .option('years', { describe: 'Measured horizon, years [default: the scenario’s run.years]' })
    .option('warmup-years', { describe: 'Simulated before measuring, years [default: the scenario’s run.warmupYears]' })
    .option('set', { describe: 'Override one scenario field, PATH=VALUE (repeatable)' })
    .option('census', { describe: 'Start from a census CSV, or synthetic, instead of a warm-up (see corrsim census) [default: the scenario’s run.census]' })
    .option('format', { describe: 'text or json [default: text]' })
    .option('out', { alias: 'o', describe: 'Also write trace.txt, trace.json and a swimlane chart (charts/life-stories.*) to this folder' })
    .example('$0 trace --people 3', '')
    .example('$0 trace --people 2 --where "sentence>365,returned"', 'people with long sentences who came back');
}

function validateOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 validate [options]\n\n' +
        'Run the built-in checks of the model: queueing theory (scenarios/validation/mmc.yaml, mminf.yaml),\n' +
        'Little\'s law and conservation in the baseline, every Norwegian calibration target, and the\n' +
        'recovery of a known odds ratio (scenarios/validation/effect-recovery.yaml). Prints a table of\n' +
        'pass/fail with the figures, writes validation.json and validation.html, and exits 1 if any\n' +
        'check fails. See docs/validation.md.',
    )
    .option('quick', { type: 'boolean', describe: 'Fewer replications (seconds rather than minutes), as in npm test' })
    .option('seed', { alias: 's', describe: 'Master seed, an integer ≥ 0 [default: 1]' })
    .option('workers', { alias: 'j', describe: `Worker threads, an integer ≥ 1; 1 runs in the main thread [default: available cores, ${defaultWorkers()}]` })
    .option('out', { alias: 'o', describe: 'Output folder [default: outputs/validation]' })
    .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
    .option('json', { type: 'boolean', describe: 'Print validation.json to stdout instead of the table' })
    .example('$0 validate', 'the full suite (a few minutes)')
    .example('$0 validate --quick -j 1', 'the reduced suite run by npm test');
}

/** The flags of every batch command. */
function batchOptions(y: Argv, defaultOut: string, jsonFile: string): Argv {
  return y
    .option('replications', { alias: 'n', describe: 'Replications, an integer ≥ 1 [default: the scenario’s run.replications]' })
    .option('seed', { alias: 's', describe: 'Master seed, an integer ≥ 0 [default: the scenario’s run.seed]' })
    .option('years', { describe: 'Measured horizon, years [default: the scenario’s run.years]' })
    .option('warmup-years', { describe: 'Simulated before measuring, years [default: the scenario’s run.warmupYears]' })
    .option('out', { alias: 'o', describe: `Output folder [default: ${defaultOut}]` })
    .option('workers', {
      alias: 'j',
      describe: `Worker threads, an integer ≥ 1; 1 runs in the main thread [default: available cores, ${defaultWorkers()}]`,
    })
    .option('set', { describe: 'Override one scenario field, PATH=VALUE (repeatable), e.g. --set programs.education.slots=400' })
    .option('fixed-effects', { type: 'boolean', describe: 'Keep every effect size at its estimate instead of drawing it per replication from its interval' })
    .option('census', {
      describe:
        'Start from a census instead of a warm-up: a census CSV (see corrsim census, docs/census.md), or synthetic for one ' +
        'drawn from the scenario’s steady state after --warmup-years [default: the scenario’s run.census]',
    })
    .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
    .option('json', { type: 'boolean', describe: `Print ${jsonFile} to stdout instead of the table` });
}

/** The flags of `--replications auto` (run: the mean of a metric; compare: its paired difference). */
function autoOptions(y: Argv, of: 'mean' | 'difference'): Argv {
  return y
    .option('precision', {
      describe:
        `With -n auto: METRIC=HALFWIDTH (repeatable); add replications until the 95% CI of the ${of} of each named ` +
        'metric is at most ±HALFWIDTH, e.g. --precision reconviction_2y=0.005',
    })
    .option('min-replications', { describe: 'With -n auto: replications before the first check [default: 10]; then checks every 10' })
    .option('max-replications', { describe: 'With -n auto: stop here even if the precision is not reached [default: 200]' });
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
