import { z } from 'zod';

/** An environment variable holding a whole number in [min, max]; the message says what to set. */
export const envWholeNumber = (name: string, min: number, max: number, example: number) =>
  z.string().transform((s, ctx) => {
    const t = s.trim();
    if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
      ctx.addIssue({ code: 'custom', message: `${name} is a whole number from ${min} to ${max}, e.g. ${name}=${example}` });
      return z.NEVER;
    }
    return Number(t);
  });
