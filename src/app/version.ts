import packageJson from "../../package.json" with { type: "json" };

/** Circolo's version, as package.json states it (the build inlines it). */
export const version: string = packageJson.version;
