/** Modules the build (web/build.mjs) makes: the worker's code, the built-in scenarios, the version. */
declare module 'virtual:worker' {
  const code: string;
  export default code;
}
declare module 'virtual:scenarios' {
  const texts: Readonly<Record<string, string>>;
  export default texts;
}
declare module 'virtual:version' {
  const version: string;
  export default version;
}
