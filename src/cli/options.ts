/**
 * The flags and help of every command, as yargs declares them. Values stay strings (see cli.ts),
 * so that each command's flags.ts parsing can quote a bad one back.
 */
import type { Argv } from 'yargs';
import { defaultWorkers } from '../experiments/pool.node.js';
import { DEFAULT_MAX_FACTOR } from '../studies/capacity/study.js';

export function runOptions(y: Argv): Argv {
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

export function compareOptions(y: Argv): Argv {
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

export function sweepOptions(y: Argv): Argv {
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

export function censusOptions(y: Argv): Argv {
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

export function traceOptions(y: Argv): Argv {
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

export function backtestOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 backtest [scenario] [--data FILE] [options]\n\n' +
        'Run a historical scenario (default: scenarios/history/norway-2005.yaml) and compare it with the\n' +
        'observed outcome series of a history file (default: data/norway-history.csv; data/README.md):\n' +
        'for each observation the mean across replications and the central 80% and 95% of replications;\n' +
        'per series the MAPE, the bias and the coverage of those intervals; and the same errors for a\n' +
        'naive forecast (the last value observed, carried forward) from rolling origins 1, 2 and 3 years\n' +
        'ahead. Only outcome rows are compared; input rows are what the scenario was written from.\n' +
        'Writes backtest.json, backtest.csv, report.html and charts/backtest-*.svg|png. See docs/backtest.md.',
    )
    .positional('scenario', { type: 'string', describe: 'Scenario file or built-in name [default: scenarios/history/norway-2005.yaml]' })
    .option('data', { describe: 'The observed history, a CSV of series,date,period,value,unit,role,… [default: data/norway-history.csv]' })
    .option('series', { describe: 'The vocabulary of series (series,unit,role,definition) [default: FILE-series.csv beside --data, else data/norway-history-series.csv]' })
    .example('$0 backtest -n 10 -j 1', 'the Norwegian history 2005–2024 against data/norway-history.csv')
    .example('$0 backtest my-history.yaml --data my-data.csv --years 10', '');
}

export function validateOptions(y: Argv): Argv {
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
    .option('backtest', { describe: 'Add the backtest targets of issue 14 (ADP 1-year MAPE, the queue at its turning points, 80% coverage) from a backtest.json of corrsim backtest' })
    .example('$0 validate', 'the full suite (a few minutes)')
    .example('$0 validate --quick -j 1', 'the reduced suite run by npm test');
}

/** The flags of every batch command. */
export function batchOptions(y: Argv, defaultOut: string, jsonFile: string, shards = true): Argv {
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
    .option('shard', {
      describe: shards
        ? 'Run only shard K of N (K from 0 to N−1): replications r with r mod N = K of every batch, written as a shard folder ' +
          '(shard.json; default <output folder>/shard-K-of-N) for corrsim merge (see docs/cluster.md)'
        : 'Run only shard K of N (K from 0 to N−1) of the next candidate: a search runs in rounds, one candidate a round; ' +
          'with --resume DIR, the rounds merged so far (corrsim merge … --resume DIR). See docs/cluster.md',
    })
    .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
    .option('json', { type: 'boolean', describe: `Print ${jsonFile} to stdout instead of the table` });
}

export function slurmOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 slurm run|compare|sweep [SCENARIO…] [study options] -o DIR --shards N [slurm options]\n\n' +
        'Write two batch scripts to the work folder (default DIR.slurm): a job array of N tasks, task K\n' +
        'running the study with --shard K/N, and a merge job (corrsim merge) submitted with\n' +
        '--dependency=afterok:<array> --kill-on-invalid-dep=yes, so that it runs once every shard has\n' +
        'succeeded and is cancelled if one fails. Submit both with sbatch, then follow them with squeue\n' +
        'until they are over and print their final states (sacct, or scontrol without accounting).\n' +
        'The study\'s options are checked by corrsim before anything is submitted. See docs/cluster.md.',
    )
    .option('shards', { describe: 'Array tasks (shards) to split the study into, 1 to 10000 (required)' })
    .option('partition', { describe: 'sbatch --partition [default: the cluster’s default partition]' })
    .option('account', { describe: 'sbatch --account [default: your default account]' })
    .option('time', { describe: 'sbatch --time per task: minutes, H:MM:SS or D-HH:MM:SS [default: 1:00:00]' })
    .option('mem', { describe: 'sbatch --mem per task, e.g. 2G [default: 2G]' })
    .option('cpus-per-task', { describe: 'sbatch --cpus-per-task; each shard runs that many worker threads (-j) unless the study gives -j [default: 1]' })
    .option('setup', { describe: 'A shell line run before corrsim in both scripts, repeatable, e.g. --setup "module load nodejs/20"' })
    .option('work-dir', { describe: 'Where the scripts, logs and shard folders go [default: DIR.slurm beside the output folder]' })
    .option('job-name', { describe: 'sbatch --job-name of the array (the merge adds -merge) [default: corrsim-<command>]' })
    .option('corrsim', { describe: 'How the jobs start corrsim, as shell words [default: this node and this corrsim’s dist/src/cli/main.js]' })
    .option('dry-run', { type: 'boolean', describe: 'Print the two scripts and the sbatch lines; submit nothing' })
    .option('no-wait', { type: 'boolean', describe: 'Submit and return, printing how to follow the jobs' })
    .option('poll', { describe: 'Seconds between squeue polls while following [default: 10]' })
    .option('wait-timeout', { describe: 'Stop following after this many seconds (the jobs go on), 0 for no limit [default: 0]' })
    .example('$0 slurm run norway-baseline -n 200 -o outputs/baseline --shards 20 --time 30 --mem 2G', '20 tasks of 10 replications each, then the merge')
    .example('$0 slurm sweep --vary programs.education.slots=100:600:100 -n 40 -o outputs/sweep --shards 8 --partition normal --dry-run', 'print the scripts');
}

export function mergeOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 merge DIR... [--out DIR]\n\n' +
        'Check that the folders are the N shards of one study (written by a batch command with --shard K/N):\n' +
        'the same corrsim version, command, scenario, seed and plan, every shard once, every replication in\n' +
        'exactly one shard. Then write the files the command writes when run on one machine, byte-identical\n' +
        'apart from timings, by running it again with every batch taken from the shards. Run it where the\n' +
        'shards ran: it reads the same scenario (and census) files.',
    )
    .positional('dirs', { type: 'string', array: true, describe: 'The shard folders (or their shard.json)' })
    .option('out', { alias: 'o', describe: 'Output folder [default: the --out of the shards’ command, or its default]' })
    .option('resume', { describe: 'The folder of the rounds merged so far (resume.json), for the shards of a later round of a study in rounds (a capacity search, -n auto)' })
    .option('quiet', { type: 'boolean', describe: 'Print nothing but errors' })
    .example('$0 run -n 40 --shard 0/2 -o parts/0 && $0 run -n 40 --shard 1/2 -o parts/1', 'two shards of one run')
    .example('$0 merge parts/0 parts/1 -o outputs/norway-baseline', 'the files of corrsim run -n 40 -o outputs/norway-baseline');
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
    .option('max-replications', { describe: 'With -n auto: stop here even if the precision is not reached [default: 200]' })
    .option('resume', {
      describe:
        'With -n auto and --shard: the folder whose resume.json holds the rounds merged so far (-n auto runs in rounds on shards, ' +
        'one checkpoint a round; see docs/cluster.md)',
    });
}

/** The flags of `corrsim capacity` apart from the common batch flags. */
export function capacityOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 capacity [scenario] --target "SERIES.STAT<=VALUE" [options]\n\n' +
        'Find the smallest number of places at one level (--level; by default the level the target\n' +
        'names) such that every target holds in at least a share P of the replications (--probability,\n' +
        'default 0.9). SERIES is a monthly series (occupancy_high, sentence_queue, population_low,\n' +
        'police_cell_population, …) or a scalar metric (police_cell_overflow_days_per_year, …); STAT is\n' +
        'mean, max or a percentile pNN over the months of a replication. Quote the target: < and > mean\n' +
        'something to the shell. Every candidate runs the same seed and replications (common random\n' +
        'numbers); the search brackets the answer and narrows it to --resolution places. A level with\n' +
        'several facilities is scaled in proportion; staff per place is kept. Writes capacity.json,\n' +
        'capacity.csv and charts/capacity*.svg|png. With --band, searches once per admission projection\n' +
        '(population.projections) and writes the places needed under each band side by side\n' +
        '(capacity-bands.json, capacity-bands.csv, charts/capacity-bands.*) and each band\'s search in\n' +
        'a subfolder.',
    )
    .positional('scenario', { type: 'string', default: 'norway-baseline', describe: 'Scenario file or built-in name' })
    .option('target', { describe: 'SERIES.STAT<=VALUE (or <, >=, >), repeatable: all must hold, e.g. "occupancy_high.p95<=0.9"' })
    .option('level', { describe: 'The level whose places vary: high, low, remand or halfway [default: the level the target names]' })
    .option('probability', { describe: 'Share of replications in which the targets must hold, in (0, 1] [default: 0.9]' })
    .option('min', { describe: 'Fewest places to consider, a whole number [default: 1]' })
    .option('max', { describe: `Most places to consider, a whole number [default: ${DEFAULT_MAX_FACTOR} × today’s, at least --min + 100]` })
    .option('resolution', { describe: 'Stop when the answer is known to this many places, a whole number ≥ 1 [default: 1]' })
    .option('resume', { describe: 'With --shard: the folder whose resume.json holds the rounds of the search merged so far' })
    .option('band', {
      describe:
        'Search once per admission projection of the scenario’s population.projections, e.g. --band low,middle,high, all with the same seeds, ' +
        'and report the places needed under each side by side [default output: outputs/capacity-<scenario>-<level>-bands]',
    })
    .example('$0 capacity --target "occupancy_high.p95<=0.9" -n 100', 'high-security places for 90% occupancy in 95% of months, 9 runs in 10')
    .example('$0 capacity --target "occupancy_high.p95<=0.9" -n 100 --census synthetic', 'the same from the steady state: no warm-up per replication, ~3× faster')
    .example('$0 capacity --target "sentence_queue.p95<=100" --level low', 'open-prison places that keep the queue under 100')
    .example('$0 capacity --target "police_cell_overflow_days_per_year<=500" --probability 0.8 --resolution 10', '')
    .example('$0 capacity norway-projection --target "occupancy_high.p95<=0.9" --band low,middle,high', 'places needed under each projection');
}

export function seminarOptions(y: Argv): Argv {
  return y
    .usage(
      'Usage: $0 seminar [options]\n\n' +
        'Serve the seminar page on this computer only (http://127.0.0.1, a free port unless --port):\n' +
        'choose a scenario, move levers, run and compare, read life stories, download what you see.\n' +
        'The model runs in the browser (Web Workers) and gives the numbers corrsim run gives for the\n' +
        'same seed. The page is built by npm run build:web (into dist/web); see docs/seminar.md.',
    )
    .option('port', { describe: 'Port to listen on, 1 to 65535 [default: a free one]' })
    .option('open', { type: 'boolean', describe: 'Open the page in the default browser' })
    .option('quiet', { type: 'boolean', describe: 'Print only the URL' });
}
