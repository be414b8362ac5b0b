/**
 * semver's range functions, loaded on the first version asked about: the package builds some forty
 * expressions and its classes when loaded (about 3 ms of every server start, for a question only a
 * project that declares `js-yaml` or `@koa/cors` asks).
 */
let semver: { subset: typeof import('semver/ranges/subset'); validRange: typeof import('semver/ranges/valid') } | undefined;
function ranges(): NonNullable<typeof semver> {
  return (semver ??= { subset: require('semver/ranges/subset') as typeof import('semver/ranges/subset'), validRange: require('semver/ranges/valid') as typeof import('semver/ranges/valid') });
}

/**
 * Facts about the project a file belongs to that some verdicts depend on and the file does not show: the
 * version of a dependency whose defaults changed between majors (js-yaml's `load`, @koa/cors's origin).
 * Read once per package.json by the caller (the CLI and the server see the workspace; the engine does
 * not), from the nearest package.json above the file: the installed version when `node_modules` has the
 * package, else the range the manifest declares.
 */
export interface ProjectFacts {
  /** Package name → installed version or declared range, for the names in `VERSIONED_PACKAGES` only. */
  readonly versions: Readonly<Record<string, string>>;
  /** The package.json they were read from (workspace-relative or absolute), to name it in a message. */
  readonly manifest: string;
}

/** The dependencies whose version a rule asks about. */
export const VERSIONED_PACKAGES: readonly string[] = ['js-yaml', '@koa/cors'];

/**
 * Whether every version the project may run of `name` is below major `major` (`^3.14.1`, `~3.0`, `3.x`,
 * `>=3 <4`, an installed `3.14.1`): false when the version is unknown, not a semver range (a tag, a git
 * URL), admits `major` or later (a pre-release of it included), or is itself a pre-release range.
 */
export function onlyBelowMajor(facts: ProjectFacts | undefined, name: string, major: number): boolean {
  const declared = facts?.versions[name];
  if (declared === undefined) return false;
  const { subset, validRange } = ranges();
  const range = validRange(declared, { loose: true });
  return !!range && subset(range, `<${major}.0.0`);
}

/** Whether every version the project may run of `name` is `major` or later (`^5.0.0`, an installed `5.1.0`); false when unknown. */
export function onlyFromMajor(facts: ProjectFacts | undefined, name: string, major: number): boolean {
  const declared = facts?.versions[name];
  if (declared === undefined) return false;
  const { subset, validRange } = ranges();
  const range = validRange(declared, { loose: true });
  return !!range && range !== '*' && subset(range, `>=${major}.0.0`);
}

/** The fact behind `onlyBelowMajor`, for a message: `js-yaml ^3.14.1 in package.json`. */
export function versionNote(facts: ProjectFacts, name: string): string {
  return `${name} ${facts.versions[name]} in ${facts.manifest}`;
}
