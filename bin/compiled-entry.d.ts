/** The folders the build compiles (scripts/build.js). */
export declare const SOURCE_DIRS: readonly string[];
/** Written into the out dir when a build is complete; its time is when the build started. */
export declare const BUILD_STAMP: string;
/** The built CLI's file URL under the package root `root` when dist/ is complete and current; else null. */
export declare function compiledEntry(root: string): string | null;
