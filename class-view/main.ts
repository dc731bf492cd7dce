// npm run class -- FILE [--json] [--watch] [--serve [--port N]]
//
// The instructor's view of a whole class: every learner's environment at once, read only from
// the learners' public app URLs (FILE: lines learner=<app URL>, as
// infra/create-learner-environments.sh writes them). --watch refreshes every 30 s and marks those
// who have not moved for 15 minutes; --serve shows the same as a page on this machine only.
import http from 'node:http';
import { readLearnersFile, type Learner } from './learners-file';
import { classJson, classPage, classTable } from './render';
import { classRows, Movement } from './snapshot';

const USAGE = 'usage: npm run class -- FILE [--json] [--watch] [--serve [--port N]]';
const REFRESH_SECONDS = 30;

interface Arguments { file: string; json: boolean; watch: boolean; serve: boolean; port: number }

export function parseArguments(argv: string[]): Arguments {
  const args: Arguments = { file: '', json: false, watch: false, serve: false, port: 3005 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') args.json = true;
    else if (arg === '--watch') args.watch = true;
    else if (arg === '--serve') args.serve = true;
    else if (arg === '--port') {
      const port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${argv[i] ?? ''}: give a port number from 0 to 65535`);
      args.port = port;
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (args.file === '') args.file = arg;
    else throw new Error(`one class file only (got ${args.file} and ${arg})`);
  }
  if (args.file === '') throw new Error('give the class file: lines learner=<app URL>');
  return args;
}

function serve(learners: Learner[], port: number): void {
  const movement = new Movement();
  // Loopback only: the page lists every learner's URL and has no sign-in.
  const server = http.createServer((req, res) => {
    void classRows(learners, movement, Date.now).then((rows) => {
      if (req.url === '/api/class') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(classJson(rows));
      } else {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(classPage(rows, new Date(), REFRESH_SECONDS));
      }
    });
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    console.log(`class view on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/ (Ctrl-C to stop)`);
  });
}

async function main(): Promise<void> {
  let args: Arguments;
  let learners: Learner[];
  try {
    args = parseArguments(process.argv.slice(2));
    learners = readLearnersFile(args.file);
  } catch (error) {
    console.error(`class: ${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.serve) return serve(learners, args.port);
  const movement = new Movement();
  const show = async () => {
    const rows = await classRows(learners, movement, Date.now);
    const text = args.json ? classJson(rows) : classTable(rows, new Date());
    // In a watch, each refresh replaces the last on the screen.
    console.log(args.watch && !args.json && process.stdout.isTTY ? `\x1b[2J\x1b[H${text}` : text);
  };
  await show();
  if (args.watch) setInterval(() => void show(), REFRESH_SECONDS * 1000);
}

if (require.main === module) void main();
