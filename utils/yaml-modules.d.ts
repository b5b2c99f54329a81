declare module '*.yml' {
  /** YAML files imported as data (see the yaml plugin in wxt.config.ts and vitest.config.ts). */
  const data: unknown;
  export default data;
}
