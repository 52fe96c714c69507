import type { Locale } from '../config/app-config.js';

/** The languages of messages and mails. */
export const LOCALES: readonly Locale[] = ['es', 'en'];

/** The supported language the Accept-Language header prefers most (by q), else the fallback. */
export function pickLocale(header: string | string[] | undefined, fallback: Locale): Locale {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { locale: Locale; q: number } | null = null;
  for (const part of text.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const language = tag.split('-')[0] as Locale;
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (LOCALES.includes(language) && Number.isFinite(q) && q > 0 && (best === null || q > best.q)) {
      best = { locale: language, q };
    }
  }
  return best?.locale ?? fallback;
}
