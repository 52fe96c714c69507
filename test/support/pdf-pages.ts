import { inflateSync } from 'node:zlib';

/**
 * The text lines drawn on each page of a pdfkit PDF, in page order: follows the page tree (`/Kids`) to each page's
 * content stream, inflates it and decodes the hex strings of its TJ operators (WinAnsi, read as Latin-1).
 */
export function pdfPages(pdf: Buffer): string[][] {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    objects.set(match[1], match[2]);
  }
  const tree = [...objects.values()].find((body) => /\/Type \/Pages\b/.test(body)) ?? '';
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(tree)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((m) => m[1]);
  return kids.map((id) => {
    const contents = /\/Contents (\d+) 0 R/.exec(objects.get(id) ?? '')?.[1];
    const stream = /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(objects.get(contents ?? '') ?? '')?.[1] ?? '';
    const bytes = Buffer.from(stream, 'latin1');
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      content = stream;
    }
    return [...content.matchAll(/\[([^\]]*)\]\s*TJ/g)].map((array) =>
      Buffer.from([...array[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join(''), 'hex').toString(
        'latin1',
      ),
    );
  });
}
