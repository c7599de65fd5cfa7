// The caliper CLI: the only place that parses argv and the only place that listens.
// Each command lives in server/cli/<command>.ts and exports `run(args: string[]): Promise<number>`
// returning the process exit code.

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<number> }> }> = {
  compute: { summary: 'compute the measures for a measurement period into a new run', load: () => import('./cli/compute.ts') },
  conformance: { summary: 'run eCQM test cases (Bundles + expected MeasureReports) and compare population counts', load: () => import('./cli/conformance.ts') },
  export: { summary: 'write a scorecard export: QPP JSON, QRDA III, FHIR MeasureReports, XLSX or PDF', load: () => import('./cli/export.ts') },
  ingest: { summary: 'load practice folders (FHIR NDJSON/Bundles, CSV) into the database', load: () => import('./cli/ingest.ts') },
  'savings-conformance': { summary: 'recompute MSSP earned savings/losses from CMS public use files and compare with EarnSaveLoss', load: () => import('./cli/savings-conformance.ts') },
  serve: { summary: 'serve the API and dashboard on PORT (default 3000)', load: () => import('./cli/serve.ts') },
  start: { summary: 'build the dashboard and the sample database if missing, then serve', load: () => import('./cli/start.ts') },
  status: { summary: "list every practice's files, counts and rejects", load: () => import('./cli/status.ts') },
  users: { summary: 'add, list, disable or enable users (roles: admin, network, practice, exporter)', load: () => import('./cli/users.ts') },
  valuesets: { summary: 'load FHIR ValueSet JSON / refdata value set CSVs; report truncated expansions', load: () => import('./cli/valuesets.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: caliper <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'caliper <command> --help' for a command's options.`;
}

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  const help = name === undefined || name === '--help' || name === '-h' || name === 'help';
  (help ? console.log : console.error)(usage());
  process.exitCode = help ? 0 : 2;
} else {
  try {
    process.exitCode = await (await command.load()).run(args);
  } catch (error) {
    console.error(`caliper ${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
