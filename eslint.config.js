// ESLint, run by `npm test` (npm run lint): typescript-eslint's recommended rules over every source file,
// React's hooks rules over the web app. Zero findings is the bar; a disable comment needs a reason beside it.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "cdk.out/**", ".data/**", "coverage/**", "test-results/**", "frontend/dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_`-prefixed names are deliberately unused (a parameter a signature needs, a destructured field left out).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
      // The text rules (lambdas/schemas/common.ts and friends) match C0/C1 control characters on purpose: to refuse them.
      "no-control-regex": "off",
    },
  },
  {
    // Tests and the bench read loose JSON: API answers, CloudFormation templates, SDK middleware arguments.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["frontend/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
);
