/**
 * `npm run demo:generate -- --size N --seed S --today YYYY-MM-DD --out DIR`: generates the demo dataset and
 * writes it as files (see build-demo-files.ts). Reports counts only, never a person's data.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDemoFiles } from './build-demo-files.ts';
import { DemoDataError } from './demo-error.ts';
import { generateDemoData } from './generate-demo-data.ts';
import { parseDemoArgs } from './parse-demo-args.ts';
import { summariseDemoData } from './summarise-demo-data.ts';

export interface DemoCliDeps {
  readonly now: () => Date;
  readonly mkdir: (dir: string) => Promise<unknown>;
  readonly writeFile: (path: string, data: string) => Promise<void>;
  readonly log: (line: string) => void;
}

/** Runs the command; returns the paths written. */
export async function runDemoCli(argv: readonly string[], deps: DemoCliDeps): Promise<string[]> {
  const { options, outDir } = parseDemoArgs(argv, deps.now());
  const started = performance.now();
  const dataset = generateDemoData(options);
  const generatedMs = performance.now() - started;
  const files = buildDemoFiles(dataset, options);

  await deps.mkdir(outDir);
  const written: string[] = [];
  for (const file of files) {
    const path = join(outDir, file.name);
    // Feeds and paper files are large and read by programs; the organisations file is read by people too.
    const text = file.kind === 'organisations' ? JSON.stringify(file.content, null, 2) : JSON.stringify(file.content);
    await deps.writeFile(path, `${text}\n`);
    written.push(path);
  }

  const summary = summariseDemoData(dataset, options.today);
  deps.log(`デモデータを生成しました / demo data generated: seed ${options.seed}, size ${options.size}, today ${options.today}`);
  deps.log(`  ${summary.records} people, ${summary.doctorOpinions} doctor's opinions, ${summary.assessmentSurveys} assessment surveys, ${dataset.links.length} links (${Math.round(generatedMs)} ms)`);
  for (const file of files) {
    const count = file.kind === 'organisations' ? `${file.content.insurers.length} insurers, ${file.content.providers.length} providers, ${file.content.staff.length} staff` : `${file.content.records.length} records`;
    deps.log(`  ${join(outDir, file.name)}: ${count}`);
  }
  return written;
}

async function main(): Promise<void> {
  try {
    await runDemoCli(process.argv.slice(2), {
      now: () => new Date(),
      mkdir: (dir) => mkdir(dir, { recursive: true }),
      writeFile: (path, data) => writeFile(path, data, 'utf8'),
      log: (line) => console.log(line),
    });
  } catch (error) {
    if (error instanceof DemoDataError) {
      console.error(`${error.code}: ${error.messageJa}`);
      console.error(`${error.code}: ${error.messageEn}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
