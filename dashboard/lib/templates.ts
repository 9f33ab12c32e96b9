// Mirrors settings.check_template / the bots' str.format rendering on the server.
export const TEMPLATE_FIELDS = ["first_name", "last_name", "full_name", "days_late"] as const;

export type Sample = Record<(typeof TEMPLATE_FIELDS)[number], string>;

export function templateProblems(text: string): string[] {
  const out: string[] = [];
  if (!text.trim()) out.push("template is empty");
  for (const m of text.matchAll(/{([^{}]*)}/g)) {
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(m[1]))
      out.push(`unknown placeholder {${m[1]}} (allowed: ${TEMPLATE_FIELDS.join(", ")})`);
  }
  return out;
}

export function renderTemplate(text: string, sample: Sample): string {
  return text.replace(/{([^{}]*)}/g, (whole, name: string) =>
    name in sample ? sample[name as keyof Sample] : whole,
  );
}

// Names for the codes people use most; any ISO 639 code is accepted.
export const LANGUAGE_NAMES: Record<string, string> = {
  en: "English", fr: "French", de: "German", es: "Spanish", it: "Italian", nl: "Dutch", pt: "Portuguese", pl: "Polish",
};

export const languageLabel = (code: string) => (LANGUAGE_NAMES[code] ? `${LANGUAGE_NAMES[code]} (${code})` : code);
