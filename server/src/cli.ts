#!/usr/bin/env node
/**
 * go-memory-hints: the command line on top of the same analysis as the server.
 * Lines are 1-based and columns are byte columns, like the Go compiler.
 */
import { UsageError } from './cli/args';
import { runCheck, runFix, runLayout, USAGE, VERSION } from './cli/commands';

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'layout':
      return runLayout(rest);
    case 'check':
      return runCheck(rest);
    case 'fix':
      return runFix(rest);
    case 'lsp': {
      if (rest.includes('--help') || rest.includes('-h')) {
        console.log(USAGE.lsp);
        return 0;
      }
      if (!rest.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) process.argv.push('--stdio');
      const { startServer } = await import('./main');
      startServer();
      return -1;
    }
    case '--version':
    case 'version':
      console.log(`go-memory-hints ${VERSION}`);
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE.main);
      return cmd === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${cmd}\n\n${USAGE.main}`);
  }
}

/** Runs the CLI and sets the exit code (the `lsp` command keeps the process alive). */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`go-memory-hints: ${err.message}`);
        process.exitCode = 2;
      } else {
        console.error(`go-memory-hints: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        process.exitCode = 3;
      }
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2));

export { main };
