import { readRepoFile } from './compose-file.js';

/** A small Dockerfile reader for the deploy tests: no Docker engine runs here. */

export interface Instruction {
  keyword: string;
  args: string;
}

/** Joins `\` continuations and drops comments; enough for our Dockerfile (no heredocs). */
export function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue; // also drops the syntax directive and comments inside a continuation
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  return logical.map((line) => {
    const keyword = line.split(/\s/, 1)[0] ?? '';
    return { keyword: keyword.toUpperCase(), args: line.slice(keyword.length).trim().replace(/\s+/g, ' ') };
  });
}

export interface Stage {
  base: string;
  name: string | null;
  instructions: Instruction[];
}

export function stagesOf(instructions: Instruction[]): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      const base = (match?.[1] ?? '').replace(/\$\{?(\w+)\}?/g, (_, name: string) => globalArgs.get(name) ?? '');
      stages.push({ base, name: match?.[2] ?? null, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name, value = ''] = instruction.args.split('=');
      globalArgs.set(name ?? '', value);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The stages of the repository's Dockerfile; the last one is the image. */
export function loadDockerfileStages(): Stage[] {
  return stagesOf(parseDockerfile(readRepoFile('Dockerfile')));
}

/** Exec form (`["a", "b"]`) as an array; shell form split on spaces. */
export function argv(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(' ');
}

export function withoutFlags(args: string): string[] {
  return args.split(' ').filter((part) => !part.startsWith('--'));
}

function lastExec(stage: Stage, keyword: 'ENTRYPOINT' | 'CMD'): string[] {
  const instruction = stage.instructions.filter((i) => i.keyword === keyword).at(-1);
  return instruction ? argv(instruction.args) : [];
}

/** ENTRYPOINT of a stage; a compose `command` is appended to it. */
export function imageEntrypoint(stage: Stage): string[] {
  return lastExec(stage, 'ENTRYPOINT');
}

/** What the image runs by default: ENTRYPOINT followed by CMD. */
export function imageCommand(stage: Stage): string[] {
  return [...lastExec(stage, 'ENTRYPOINT'), ...lastExec(stage, 'CMD')];
}

/** ENV of a stage as a map (`ENV A=1 B=2` form only). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const pair of instruction.args.split(' ')) {
      const [name, ...value] = pair.split('=');
      if (name) env[name] = value.join('=');
    }
  }
  return env;
}

/** The HEALTHCHECK command of a stage (exec form), or null. */
export function healthcheckCommand(stage: Stage): string[] | null {
  const healthcheck = stage.instructions.find((i) => i.keyword === 'HEALTHCHECK');
  if (!healthcheck) return null;
  return argv(healthcheck.args.slice(healthcheck.args.indexOf('CMD ') + 4));
}
