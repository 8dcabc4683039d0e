/** Everything the .vsix holds besides its manifest, relative to the repository root. */
export declare const VSIX_FILES: readonly string[];
/** Stages VSIX_FILES and a manifest without npm-only fields, and packs them with vsce. */
export declare function packageExtension(options?: { out?: string; stage?: string }): Promise<{ out: string; bytes: number }>;
