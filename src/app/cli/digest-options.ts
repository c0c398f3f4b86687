/** The output formats of `circolo digest`. */
export const digestFormats = ["md", "json", "csv", "html"] as const;
export type DigestFormat = (typeof digestFormats)[number];

/** The options of `circolo digest`, as the command line gave them. */
export interface DigestCliOptions {
  readonly brand?: string;
  readonly community?: string;
  readonly week?: string;
  readonly format: DigestFormat;
  readonly out?: string;
}
