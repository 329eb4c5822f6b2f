/**
 * `corrsim run SCENARIO --band low,middle,high`: the band study (src/studies/bands.ts), every band
 * with the same seed and replications, reported side by side. The output folder holds each
 * band's usual run files in a subfolder named after the band, and at the top summary.json (every
 * band's metrics), bands.csv, bands-timeseries.csv, bands-yearly.csv, report.html and charts/bands-*.
 */
import { join } from 'node:path';
import { bandSetArgument } from '../../scenario/bands.js';
import { bandsStudy, type BandsOutcome, type BandsRequest } from '../../studies/bands.js';
import { jsonText } from '../../report/csv.js';
import { humanBands } from '../../report/text/bands.js';
import { reportFailuresOf, rerunStart } from '../failures.js';
import type { BatchFlags } from '../flags.js';
import { folderOrExit, identityOf, requestOrExit, runStudyCommand, safeFolderName, type CommandContext, type Loaded, type StudyEnding } from '../runner.js';

export interface BandRunInput {
  cx: CommandContext;
  /** The scenario as the user named it, for the commands that rerun a failed replication. */
  ref: string;
  loaded: Loaded;
  flags: BatchFlags;
  /** Checked against the scenario (bandProblem). */
  bands: readonly string[];
  stories: number;
}

export async function runBandsCommand(input: BandRunInput): Promise<number> {
  const { cx, loaded, flags } = input;
  const replications = typeof flags.replications === 'number' ? flags.replications : loaded.scenario.run.replications;
  const folder = flags.out ?? join('outputs', `${safeFolderName(loaded.name)}-bands`);
  const folderExit = await folderOrExit(cx.io, folder);
  if (folderExit !== undefined) return folderExit;
  // Every band starts from the same census (today's prisons) or warms up from empty.
  const base = requestOrExit(cx, loaded, flags);
  if (!base.ok) return base.exit;
  const request: BandsRequest = { ...base.value, scenario: identityOf(loaded), bands: input.bands, replications, stories: cx.batch?.kind === 'shard' ? 0 : input.stories };
  return runStudyCommand(cx, folder, flags.workers, (runner, ui) => bandsStudy(request, runner, ui.hooks), (outcome) => bandsEnding(outcome, input, request, folder));
}

function bandsEnding(outcome: BandsOutcome, input: BandRunInput, request: BandsRequest, folder: string): StudyEnding {
  const { summary, runs } = outcome;
  const scenario = input.loaded.scenario;
  const done = () => summary!.bands.map((b) => `${b.name} ${b.replications} of ${request.replications}`).join(', ');
  return {
    anything: summary !== undefined,
    failed: runs.some((r) => r.batch.failures.length > 0),
    complete: summary?.complete === true,
    // A failed replication of a band is rerun alone as a plain run with the band's table set.
    reportFailures: () =>
      runs.forEach((run) =>
        reportFailuresOf(input.cx.io, `band ${run.band}`, run.batch.failures, {
          scenario: input.ref,
          sets: [...input.flags.sets, bandSetArgument(scenario, run.band)],
          seed: request.seed,
          years: request.years,
          ...rerunStart(request.start),
          fixedEffects: request.fixedEffects,
          out: `${folder}-${run.band}`,
        }),
      ),
    failedLine: `not every replication finished; written to ${folder} with "complete": false`,
    interruptedLine: summary === undefined ? undefined : `interrupted (${done()} replications finished); written to ${folder} with "complete": false`,
    files: async () => (await import('../../report/files.js')).bandsFiles(outcome, input.loaded),
    json: () => jsonText(summary),
    text: () => humanBands(summary!, outcome.summarised.map((b) => b.run), folder),
  };
}
