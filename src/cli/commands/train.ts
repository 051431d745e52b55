import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { UsageError, type Command } from '../command.js';
import { DEFAULT_PLAYBOOK_PATH } from '../../playbook/load-playbook.js';
import { readModelFile, serializeModel, writeModelFile } from '../../triage/model-file.js';
import { modelPathFor, trainCommandFor } from '../../playbook/playbook-paths.js';
import { currentSourceHash, readTrainingSources } from '../../triage/load-triage.js';
import { trainFromSources } from '../../triage/train-from-sources.js';

export const command: Command = {
  name: 'train',
  summary: 'Train the classifier on the playbook and the corpus into the model file start-up loads',
  usage: [
    'Usage: signin-triage train [--playbook PATH] [--check] [--out PATH]',
    '',
    'Trains on the playbook and the corpus and writes the model file that start-up loads, with the',
    'sha256 of the playbook, the corpus and the feature code it was trained from:',
    '  (no --playbook)    src/playbook/playbook.yaml + src/playbook/corpus/ → src/playbook/model.bin',
    '  --playbook PATH    your own playbook (PLAYBOOK_PATH) + the shipped corpus + the corpus/ folder',
    '                     beside it → model.bin beside it, which the service loads with that',
    '                     PLAYBOOK_PATH instead of training at start',
    '--out PATH writes the model elsewhere. --check trains nothing: exits 1 when the model file is',
    'missing or stale (CI runs it).',
  ].join('\n'),
  async run(args, io) {
    let values: { check?: boolean; out?: string; playbook?: string };
    try {
      ({ values } = parseArgs({
        args,
        options: { check: { type: 'boolean' }, out: { type: 'string' }, playbook: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const playbookPath = values.playbook === undefined ? undefined : resolve(values.playbook);
    const out = resolve(values.out ?? modelPathFor(playbookPath));
    const command = trainCommandFor(values.playbook);
    const sources = readTrainingSources(playbookPath ?? DEFAULT_PLAYBOOK_PATH);
    const sourceHash = currentSourceHash(sources);
    if (values.check) {
      try {
        const { file } = readModelFile(out, command);
        if (file.sourceHash === sourceHash) {
          io.stdout.write(`${out} is up to date (${file.trainingExamples} examples, playbook ${file.playbookVersion})\n`);
          return 0;
        }
        io.stderr.write(
          `${out} is stale: the playbook, the corpus or the feature code changed since it was trained. Run ${command}${playbookPath ? '' : ' and commit it'}.\n`,
        );
      } catch (error) {
        io.stderr.write(`${(error as Error).message}\n`);
      }
      return 1;
    }
    const started = performance.now();
    const model = trainFromSources(sources);
    const text = serializeModel(model, { sourceHash, playbook: sources.playbook });
    writeModelFile(out, text);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stdout.write(
      `trained on ${model.trainingExamples} examples (corpus: ${sources.corpusDirs.join(', ')}) in ${seconds} s; thresholds abstain ${model.thresholds.abstain}, high ${model.thresholds.high}, temperature ${model.thresholds.temperature}; wrote ${out} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)\n`,
    );
    return 0;
  },
};
