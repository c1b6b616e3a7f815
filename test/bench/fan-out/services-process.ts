/**
 * One local service in a process of its own, as DynamoDB and SES are separate services,
 * remote to a Lambda: the benchmark's process then holds only the sender, and neither
 * emulator's work waits behind the other's. Started by services.ts with the service's
 * name ("dynamodb" with the table's name, or "ses"); tells its parent the port, then serves
 * until the parent goes away.
 */
import type { Server } from 'node:http';
import { ensureTable, startDynamoDb, startSes } from '../../../infra/local/local-services.ts';

const HOST = '127.0.0.1';
const [service, tableName] = process.argv.slice(2);
if (!process.send) throw new Error('Start this with fork()');

let started: { server: Server; port: number };
if (service === 'dynamodb' && tableName) {
  started = await startDynamoDb({ host: HOST, port: 0 });
  await ensureTable(`http://${HOST}:${started.port}`, tableName);
} else if (service === 'ses') {
  started = await startSes({ host: HOST, port: 0 });
} else {
  throw new Error(`Unknown service ${String(service)}: dynamodb <table> or ses`);
}
// Node servers drop a connection idle for 5 s; the clients' pooled sockets (idle between
// runs) would then meet a reset on their next request, which AWS's endpoints, keeping
// connections far longer, do not do.
started.server.keepAliveTimeout = 120_000;
process.send({ port: started.port });
process.on('disconnect', () => process.exit(0));
