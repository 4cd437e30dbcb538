import { SMTPServer } from 'smtp-server';

/**
 * The fallback sink, in its own process: accepts every message, keeps none, and prints
 * "mesg=N" as each is accepted, as Postfix's `smtp-sink -c` does.
 */
const port = Number(process.argv[2]);
// With "recipients", each RCPT TO is printed too ("rcpt=<address>"), for runs that check who got what.
const recipients = process.argv[3] === 'recipients';
let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 1000,
  onRcptTo(address, _session, callback) {
    if (recipients) process.stdout.write(`rcpt=${address.address}\n`);
    callback();
  },
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      count += 1;
      process.stdout.write(`mesg=${count}\r`);
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(port, '127.0.0.1');
