import { resolve } from 'node:path';

import { UsageError, type Command } from '../command.js';
import { DEFAULT_PLAYBOOK_PATH } from '../../playbook/load-playbook.js';
import { DEFAULT_MODEL_PATH, readModelFile, serializeModel, writeModelFile } from '../../triage/model-file.js';
import { currentSourceHash, readTrainingSources, trainFromSources } from '../../triage/load-triage.js';

export const command: Command = {
  name: 'train',
  summary: 'Train the classifier on the playbook and the corpus into the model file start-up loads',
  usage: [
    'Usage: signin-triage train [--check] [--out PATH]',
    '',
    `Trains on src/playbook/playbook.yaml and src/playbook/corpus/*.yaml and writes ${DEFAULT_MODEL_PATH}`,
    'with the sha256 of the playbook, the corpus and the feature code it was trained from.',
    '--check trains nothing: exits 1 when the model file is missing or stale (CI runs it).',
  ].join('\n'),
  async run(args, io) {
    const check = args.includes('--check');
    const outIndex = args.indexOf('--out');
    const out = outIndex >= 0 ? args[outIndex + 1] : DEFAULT_MODEL_PATH;
    if (!out) throw new UsageError('--out needs a PATH');
    const unknown = args.filter((arg, index) => arg !== '--check' && arg !== '--out' && index !== outIndex + 1);
    if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown[0]}`);
    const sources = readTrainingSources(DEFAULT_PLAYBOOK_PATH);
    const sourceHash = currentSourceHash(sources);
    if (check) {
      try {
        const { file } = readModelFile(resolve(out));
        if (file.sourceHash === sourceHash) {
          io.stdout.write(`${out} is up to date (${file.trainingExamples} examples, playbook ${file.playbookVersion})\n`);
          return 0;
        }
        io.stderr.write(
          `${out} is stale: the playbook, the corpus or the feature code changed since it was trained. Run npm run train and commit it.\n`,
        );
      } catch (error) {
        io.stderr.write(`${(error as Error).message}\n`);
      }
      return 1;
    }
    const started = performance.now();
    const model = trainFromSources(sources);
    const text = serializeModel(model, { sourceHash, playbookVersion: sources.playbook.version });
    writeModelFile(resolve(out), text);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stdout.write(
      `trained on ${model.trainingExamples} examples in ${seconds} s; thresholds abstain ${model.thresholds.abstain}, high ${model.thresholds.high}, temperature ${model.thresholds.temperature}; wrote ${out} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)\n`,
    );
    return 0;
  },
};
