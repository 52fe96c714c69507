// npm run mail [N]: the newest N (default 3) mails of the local mailbox (DATA_DIR/mail, .eml files written when
// SMTP_URL is unset), decoded: when, to whom, the subject and the plain-text part, links whole.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';

const folder = resolve(process.env.DATA_DIR ?? './.data', 'mail');
const count = Number(process.argv[2] ?? 3);
let files;
try {
  files = readdirSync(folder).filter((file) => file.endsWith('.eml'));
} catch {
  console.log(`No mailbox at ${folder} yet: nothing has been mailed (or SMTP_URL is set).`);
  process.exit(0);
}
const newest = files
  .map((file) => ({ path: join(folder, file), time: statSync(join(folder, file)).mtimeMs }))
  .sort((a, b) => b.time - a.time)
  .slice(0, count)
  .reverse();
for (const { path } of newest) {
  const mail = await simpleParser(readFileSync(path));
  console.log(`── ${mail.date?.toISOString()}  to ${mail.to?.text}  (${path})`);
  console.log(`Subject: ${mail.subject}\n\n${mail.text?.trim()}\n`);
}
