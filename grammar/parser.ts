/**
 * The grammar: one CstParser, no embedded actions (the compiler and the editor share it), error
 * recovery on. Statements end at a line break (see lexer.ts), which is also where the parser
 * re-synchronises after an error, so one bad line does not hide the errors after it.
 */
import { CstParser, NoViableAltException, type CstNode, type IOrAlt, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import {
  allTokens,
  ArticleNumber,
  Colon,
  Comma,
  DateLit,
  Divide,
  Equals,
  Greater,
  GreaterEq,
  Identifier,
  keywordTokens as K,
  LineContent,
  StrayStart,
  Less,
  LessEq,
  LParen,
  Minus,
  NL,
  NotEq,
  NumberLit,
  Plus,
  RParen,
  StringLit,
  Times,
  Title,
  Unit,
} from "./tokens.js";

/** Chevrotain's messages are never shown: the parser reports structured data, mapped to catalogue codes. */
export interface ParserErrorData {
  /** `stray`: an operator at the start of a line, reported and left out by grammar/lines.ts. */
  readonly kind: "mismatch" | "noViableAlt" | "earlyExit" | "notAllInput" | "stray";
  readonly expected: readonly string[];
}

function expectedNames(paths: TokenType[][][] | TokenType[][] | TokenType[]): string[] {
  const names = new Set<string>();
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      const first = x[0];
      if (first && !Array.isArray(first)) {
        names.add((first as TokenType).name);
        return;
      }
      for (const y of x) visit(y);
    }
  };
  visit(paths);
  return [...names];
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => JSON.stringify({ kind: "mismatch", expected: [expected.name] } satisfies ParserErrorData),
  buildNotAllInputParsedMessage: () => JSON.stringify({ kind: "notAllInput", expected: [] } satisfies ParserErrorData),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) =>
    JSON.stringify({ kind: "noViableAlt", expected: expectedNames(expectedPathsPerAlt) } satisfies ParserErrorData),
  buildEarlyExitMessage: ({ expectedIterationPaths }) =>
    JSON.stringify({ kind: "earlyExit", expected: expectedNames(expectedIterationPaths) } satisfies ParserErrorData),
};

/** What raiseNoAltException below uses of chevrotain's parser (its error-handling trait, not in the published types). */
interface ParserInternals {
  getCurrRuleFullName(): string;
  LA(i: number): IToken;
  SAVE_ERROR(error: Error): Error;
  raiseNoAltException(occurrence: number, errMsgTypes: string | undefined): never;
  flattenFollowSet(): TokenType[];
  readonly RULE_STACK: readonly number[];
  readonly RULE_OCCURRENCE_STACK: readonly number[];
  readonly RULE_STACK_IDX: number;
}

/** Distinct rule stacks whose follow set is kept (a paste of garbage meets many): past this the list is started again. */
const MAX_FOLLOW_SETS = 4096;

class KuanParser extends CstParser {
  /** Validating the grammar (ambiguities, left recursion) costs a third of the CLI's start: tests do it, see validateGrammar. */
  constructor(validate = false) {
    super(allTokens, { recoveryEnabled: true, errorMessageProvider: messages, maxLookahead: 3, nodeLocationTracking: "onlyOffset", skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /**
   * Each alternation's list of alternatives, made the first time the rule runs (the grammar's
   * recording) and kept: a rule's body is a function run on every line, and a fresh list of
   * alternatives (objects and closures) per alternation per line was most of what parsing a line
   * allocated. The alternatives' functions use nothing but the parser, so one list serves every
   * call. The index is the alternation's place in this file, in order (test/parser/grammar-validation.test.ts
   * checks that every alternation has a slot of its own).
   */
  private readonly alternatives: IOrAlt<unknown>[][] = [];

  /** The message of a NoViableAltException by the place in the grammar it is raised at (rule and alternation). */
  private readonly noViableAltMessages = new Map<string, string>();

  /**
   * A line no alternative of the grammar reads raises a NoViableAltException, which the parser's
   * recovery catches. Its message (`messages`: the tokens the grammar expected there, nothing of
   * the input) is worked out once for each place in the grammar. The exception after the first is
   * a plain Error made with no stack frames recorded (chevrotain's class records the stack twice),
   * but an Error all the same: the exception is rethrown by every rule it passes on its way up (two
   * throws a rule), and at each throw of an object that is not an Error, V8 with an inspector
   * attached (DevTools, the playground's latency bench) records the whole stack again — 4–5× the
   * cost of the same throws of an Error, and most of the parse of a broken line in Chromium.
   * Chevrotain tells its exceptions by their name, and reads only their token, message and
   * resynced tokens; the first one at each place is chevrotain's own.
   */
  raiseNoAltException(occurrence: number, errMsgTypes: string | undefined): never {
    const self = this as unknown as ParserInternals;
    const key = `${self.getCurrRuleFullName()}#${occurrence}`;
    const message = this.noViableAltMessages.get(key);
    if (message === undefined) {
      try {
        (CstParser.prototype as unknown as ParserInternals).raiseNoAltException.call(this, occurrence, errMsgTypes);
      } catch (error) {
        if (error instanceof NoViableAltException) this.noViableAltMessages.set(key, error.message);
        throw error;
      }
    }
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const error = Object.assign(new Error(message), { name: "NoViableAltException", token: self.LA(1), previousToken: self.LA(0), resyncedTokens: [] });
    Error.stackTraceLimit = stackTraceLimit;
    throw self.SAVE_ERROR(error);
  }

  /** The follow set of each rule stack an error was recovered in (flattenFollowSet). */
  private readonly followSets = new Map<string, TokenType[]>();

  /**
   * The tokens the recovery may resynchronise at, for the rules being parsed: the follow sets of
   * every rule on the stack, in order, a function of the stack alone (the grammar's follows are
   * worked out once). Chevrotain builds the list again at each rule a recognition error passes on
   * its way up, a dozen rules deep in an expression, at every keystroke that leaves a line broken:
   * it is made once per stack here, and the same list (read only) is given each time.
   */
  flattenFollowSet(): TokenType[] {
    const self = this as unknown as ParserInternals;
    let key = "";
    for (let i = 0; i <= self.RULE_STACK_IDX; i++) key += `${self.RULE_STACK[i] ?? ""}:${self.RULE_OCCURRENCE_STACK[i] ?? ""},`;
    let set = this.followSets.get(key);
    if (set === undefined) {
      set = (CstParser.prototype as unknown as ParserInternals).flattenFollowSet.call(this);
      if (this.followSets.size >= MAX_FOLLOW_SETS) this.followSets.clear();
      this.followSets.set(key, set);
    }
    return set;
  }

  // Each rule below parses one line, ending at its line break; grammar/lines.ts decides which
  // rule a line gets from its first token and the block it stands in, and builds the blocks.

  // ---------------------------------------------------------------- policy header

  public policyHeaderLine = this.RULE("policyHeaderLine", () => {
    this.CONSUME(K.Policy);
    this.OPTION4(() => this.CONSUME2(Colon, { LABEL: "afterKeyword" }));
    this.OPTION(() => this.OR(this.alternatives[0] ??= [{ ALT: () => this.CONSUME(Title) }, { ALT: () => this.CONSUME(StringLit) }]));
    this.OPTION2(() => this.SUBRULE(this.versionAttr));
    this.OPTION3(() => this.CONSUME(Colon));
    this.CONSUME(NL);
  });

  public policyAttrLine = this.RULE("policyAttrLine", () => {
    this.SUBRULE(this.policyAttr);
    this.CONSUME(NL);
  });

  private policyAttr = this.RULE("policyAttr", () => {
    this.OR(this.alternatives[1] ??= [
      { ALT: () => this.SUBRULE(this.versionAttr) },
      {
        ALT: () => {
          this.CONSUME(K.Valid);
          // `有效期：2024-01-01 至 …`, `发布机关：“…”`: the colon an IME gives after a keyword.
          this.OPTION(() => this.CONSUME(Colon, { LABEL: "afterKeyword" }));
          this.SUBRULE(this.dateOrYear, { LABEL: "from" });
          this.CONSUME(K.To);
          this.SUBRULE2(this.dateOrYear, { LABEL: "to" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.Issuer);
          this.OPTION2(() => this.CONSUME2(Colon, { LABEL: "afterKeyword" }));
          this.CONSUME(StringLit, { LABEL: "issuer" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.Repeals);
          this.OPTION3(() => this.CONSUME3(Colon, { LABEL: "afterKeyword" }));
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME2(StringLit, { LABEL: "repealed" }) });
        },
      },
      { ALT: () => this.SUBRULE(this.roundingClause) },
    ]);
  });

  /** `舍入 四舍五入 至 元` / `rounding half-up to yuan`: for the policy, or at the end of a rule's line. */
  private roundingClause = this.RULE("roundingClause", () => {
    this.CONSUME(K.Rounding);
    this.OPTION3(() => this.CONSUME(Colon, { LABEL: "afterKeyword" }));
    this.OPTION(() =>
      this.OR(this.alternatives[2] ??= [
        { ALT: () => this.CONSUME(K.HalfUp) },
        { ALT: () => this.CONSUME(K.HalfEven) },
        { ALT: () => this.CONSUME(K.RoundDown) },
        { ALT: () => this.CONSUME(K.RoundUp) },
      ]),
    );
    this.OPTION2(() => {
      this.CONSUME(K.To);
      this.OR2(this.alternatives[3] ??= [
        { ALT: () => this.CONSUME(Identifier, { LABEL: "roundingUnit" }) },
        // `万元` lexes as the numeral 万 with the unit 元.
        {
          ALT: () => {
            this.CONSUME(NumberLit, { LABEL: "roundingUnit" });
            this.CONSUME(Unit, { LABEL: "roundingUnitTail" });
          },
        },
      ]);
    });
  });

  private versionAttr = this.RULE("versionAttr", () => {
    this.CONSUME(K.Version);
    this.OPTION(() => this.CONSUME(Colon));
    this.OR(this.alternatives[4] ??= [{ ALT: () => this.CONSUME(NumberLit) }, { ALT: () => this.CONSUME(StringLit) }]);
  });

  private dateOrYear = this.RULE("dateOrYear", () => {
    this.OR(this.alternatives[5] ??= [
      { ALT: () => this.CONSUME(DateLit) },
      {
        ALT: () => {
          this.CONSUME(NumberLit);
          this.OPTION(() => this.CONSUME(Unit));
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- application

  public applicationHeaderLine = this.RULE("applicationHeaderLine", () => {
    this.CONSUME(K.Application);
    this.OPTION3(() => this.CONSUME2(Colon, { LABEL: "afterKeyword" }));
    this.OPTION(() => this.CONSUME(Title));
    this.OPTION2(() => this.CONSUME(Colon));
    this.CONSUME(NL);
  });

  public fieldLine = this.RULE("fieldLine", () => {
    this.SUBRULE(this.fieldDecl);
    this.CONSUME(NL);
  });

  private fieldDecl = this.RULE("fieldDecl", () => {
    this.CONSUME(Identifier);
    this.CONSUME(Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION2(() => this.SUBRULE(this.defaultClause));
    this.OPTION(() => this.CONSUME(StringLit));
  });

  /** `默认 0件` / `default 0 items` after a field's type. */
  private defaultClause = this.RULE("defaultClause", () => {
    this.CONSUME(K.Default);
    this.SUBRULE(this.primary, { LABEL: "value" });
  });

  private typeExpr = this.RULE("typeExpr", () => {
    this.OR(this.alternatives[6] ??= [
      { ALT: () => this.CONSUME(K.MoneyType) },
      { ALT: () => this.CONSUME(K.RateType) },
      { ALT: () => this.CONSUME(K.BooleanType) },
      { ALT: () => this.CONSUME(K.DateType) },
      { ALT: () => this.CONSUME(K.YearType) },
      { ALT: () => this.CONSUME(K.TextType) },
      { ALT: () => this.CONSUME(K.QuantityType) },
      { ALT: () => this.CONSUME(Unit) },
      {
        ALT: () => {
          this.CONSUME(K.OneOf);
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({
            SEP: Comma,
            DEF: () => this.OR2(this.alternatives[7] ??= [{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.CONSUME(StringLit) }]),
          });
          this.CONSUME(RParen);
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- articles

  public articleHeaderLine = this.RULE("articleHeaderLine", () => {
    this.CONSUME(ArticleNumber);
    this.OPTION3(() => this.CONSUME2(Colon, { LABEL: "afterKeyword" }));
    this.OPTION(() => this.OR(this.alternatives[8] ??= [{ ALT: () => this.CONSUME(Title) }, { ALT: () => this.CONSUME(StringLit) }]));
    this.OPTION2(() => this.CONSUME(Colon));
    this.CONSUME(NL);
  });

  public statementLine = this.RULE("statementLine", () => {
    this.SUBRULE(this.statement);
    this.CONSUME(NL);
  });

  private statement = this.RULE("statement", () => {
    this.OR(this.alternatives[9] ??= [
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.capClause) },
      { ALT: () => this.SUBRULE(this.limitClause) },
      { ALT: () => this.SUBRULE(this.splitClause) },
      { ALT: () => this.SUBRULE(this.exceptDecl) },
      { ALT: () => this.SUBRULE(this.requireDecl) },
      { ALT: () => this.SUBRULE(this.reviewDecl) },
      { ALT: () => this.SUBRULE(this.quotaDecl) },
      { ALT: () => this.SUBRULE(this.clawbackDecl) },
      { ALT: () => this.SUBRULE(this.highestDecl) },
      { ALT: () => this.SUBRULE(this.badLine) },
    ]);
  });

  /** A line that starts with no statement keyword: reported whole, and parsing goes on. */
  private badLine = this.RULE("badLine", () => {
    this.CONSUME(StrayStart);
    this.MANY(() => this.CONSUME(LineContent));
  });

  private ruleDecl = this.RULE("ruleDecl", () => {
    this.OR(this.alternatives[10] ??= [
      { ALT: () => this.CONSUME(K.Reward) },
      { ALT: () => this.CONSUME(K.Subsidy) },
      { ALT: () => this.CONSUME(K.Eligibility) },
      { ALT: () => this.CONSUME(K.Deadline) },
      { ALT: () => this.CONSUME(K.Let) },
      { ALT: () => this.CONSUME(K.Target) },
    ]);
    this.OPTION(() => this.CONSUME(Identifier));
    this.CONSUME(Equals);
    this.SUBRULE(this.expr, { LABEL: "value" });
    this.MANY(() => {
      // `30万元，如果 …`: a comma may stand before a condition or clause, as typed in Chinese.
      this.OPTION2(() => this.CONSUME(Comma));
      this.OR2(this.alternatives[11] ??= [
        { ALT: () => this.SUBRULE(this.condition) },
        { ALT: () => this.SUBRULE(this.capClause) },
        { ALT: () => this.SUBRULE(this.wordedCap, { LABEL: "capClause" }) },
        { ALT: () => this.SUBRULE(this.limitClause) },
        { ALT: () => this.SUBRULE(this.splitClause) },
        { ALT: () => this.SUBRULE(this.roundingClause) },
        { ALT: () => this.SUBRULE(this.overridesClause) },
      ]);
    });
  });

  /** `优先于 第五条、第六条` / `overrides article 5, article 6` at the end of a rule's line. */
  private overridesClause = this.RULE("overridesClause", () => {
    this.CONSUME(K.Overrides);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.CONSUME(ArticleNumber) });
  });

  /** `按最高标准 认定奖励` / `take the highest recognition_award`. */
  private highestDecl = this.RULE("highestDecl", () => {
    this.CONSUME(K.Highest);
    this.OR(this.alternatives[12] ??= [{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.SUBRULE(this.ruleKeyword) }]);
  });

  private condition = this.RULE("condition", () => {
    this.CONSUME(K.If);
    this.SUBRULE(this.expr);
  });

  private scope = this.RULE("scope", () => {
    this.OR(this.alternatives[13] ??= [
      { ALT: () => this.CONSUME(K.PerFirm) },
      { ALT: () => this.CONSUME(K.PerProject) },
      { ALT: () => this.CONSUME(K.PerYear) },
    ]);
  });

  private capClause = this.RULE("capClause", () => {
    this.CONSUME(K.Cap);
    this.MANY(() => this.SUBRULE(this.scope));
    this.MANY3(this.capWording);
    this.SUBRULE(this.expr);
    this.MANY2(() => this.SUBRULE2(this.scope));
  });

  /**
   * `研发投入 × 10%，最高不超过50万元` / `…, at most 500000 yuan`: a cap in the measure's words
   * after the award on its line, read as `上限 50万元` (to-ast takes it as a capClause).
   */
  private wordedCap = this.RULE("wordedCap", () => {
    this.AT_LEAST_ONE(this.capWording);
    this.MANY(() => this.SUBRULE(this.scope));
    this.SUBRULE(this.expr);
    this.MANY2(() => this.SUBRULE2(this.scope));
  });

  /**
   * `上限 每家企业 最高 10万元`, `… 最高不超过 10万元`, `cap per firm max 100000 yuan`: the
   * measure's own words before the amount, which change nothing; 最高 or max with a parenthesis
   * after it is the function (`上限 最高(甲, 乙)`). Made once, as the alternatives are.
   */
  private readonly capWording = {
    GATE: (): boolean => {
      const next = this.LA(1).tokenType;
      return next === K.AtMost || (next === K.Max && this.LA(2).tokenType !== LParen);
    },
    DEF: (): void => {
      this.OR(this.alternatives[14] ??= [{ ALT: () => this.CONSUME(K.Max) }, { ALT: () => this.CONSUME(K.AtMost) }]);
    },
  };

  private limitAtom = this.RULE("limitAtom", () => {
    this.OR(this.alternatives[15] ??= [
      { ALT: () => this.CONSUME(K.Limit) },
      { ALT: () => this.CONSUME(K.PerFirm) },
      { ALT: () => this.CONSUME(K.PerProject) },
      { ALT: () => this.CONSUME(K.PerYear) },
      { ALT: () => this.CONSUME(K.InAll) },
      { ALT: () => this.CONSUME(K.Once) },
      { ALT: () => this.CONSUME(K.OneOff) },
    ]);
  });

  private limitClause = this.RULE("limitClause", () => {
    this.SUBRULE(this.limitAtom);
    this.MANY(() =>
      this.OR(this.alternatives[16] ??= [
        { ALT: () => this.SUBRULE2(this.limitAtom) },
        {
          ALT: () => {
            this.CONSUME(NumberLit);
            this.OPTION(() => this.CONSUME(Unit));
          },
        },
        // `限 每家企业 累计不超过3年`, `限 最多 两次`: the measure's words before the number.
        { ALT: () => this.CONSUME(K.AtMost) },
        { ALT: () => this.CONSUME(K.Max) },
      ]),
    );
  });

  private splitClause = this.RULE("splitClause", () => {
    this.CONSUME(K.Split);
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => this.SUBRULE(this.splitShare),
    });
  });

  private splitShare = this.RULE("splitShare", () => {
    this.CONSUME(Identifier);
    this.SUBRULE(this.expr);
  });

  private reason = this.RULE("reason", () => {
    this.CONSUME(K.Because);
    this.CONSUME(StringLit);
  });

  private exceptDecl = this.RULE("exceptDecl", () => {
    this.CONSUME(K.Except);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.CONSUME(Identifier) });
    this.SUBRULE(this.condition);
    this.OPTION(() => this.SUBRULE(this.reason));
  });

  private requireDecl = this.RULE("requireDecl", () => {
    this.CONSUME(K.Require);
    this.SUBRULE(this.expr);
    this.OPTION(() => this.SUBRULE(this.reason));
  });

  private quotaDecl = this.RULE("quotaDecl", () => {
    this.CONSUME(K.Quota);
    this.OPTION(() => this.CONSUME(Identifier, { LABEL: "target" }));
    this.MANY(() => this.SUBRULE(this.scope));
    this.CONSUME(NumberLit);
    this.OPTION2(() => this.CONSUME(Unit));
    this.MANY2(() => this.SUBRULE2(this.scope));
    this.CONSUME(K.By);
    this.CONSUME2(Identifier, { LABEL: "score" });
  });

  private clawbackDecl = this.RULE("clawbackDecl", () => {
    this.CONSUME(K.Clawback);
    this.SUBRULE(this.condition);
    this.OPTION(() => this.SUBRULE(this.reason));
  });

  private reviewDecl = this.RULE("reviewDecl", () => {
    this.CONSUME(K.Review);
    this.OPTION(() => this.SUBRULE(this.condition));
    this.OPTION2(() => this.SUBRULE(this.reason));
  });

  // ---------------------------------------------------------------- examples

  public exampleHeaderLine = this.RULE("exampleHeaderLine", () => {
    this.CONSUME(K.Example);
    this.OPTION3(() => this.CONSUME2(Colon, { LABEL: "afterKeyword" }));
    this.OPTION(() => this.OR(this.alternatives[17] ??= [{ ALT: () => this.CONSUME(Title) }, { ALT: () => this.CONSUME(StringLit) }]));
    this.OPTION2(() => this.CONSUME(Colon));
    this.CONSUME(NL);
  });

  public exampleLineLine = this.RULE("exampleLineLine", () => {
    this.SUBRULE(this.exampleLine);
    this.CONSUME(NL);
  });

  private exampleLine = this.RULE("exampleLine", () => {
    this.OR(this.alternatives[18] ??= [
      {
        ALT: () => {
          this.CONSUME(K.Expect);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.expectation) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.History);
          this.OR2(this.alternatives[19] ??= [{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.SUBRULE(this.ruleKeyword) }]);
          this.SUBRULE(this.primary, { LABEL: "year" });
          this.SUBRULE2(this.expr, { LABEL: "amount" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.AsOf);
          this.CONSUME(DateLit);
        },
      },
      { ALT: () => this.AT_LEAST_ONE_SEP2({ SEP: Comma, DEF: () => this.SUBRULE(this.assignment) }) },
    ]);
  });

  private assignment = this.RULE("assignment", () => {
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expr);
  });

  private expectation = this.RULE("expectation", () => {
    this.OR(this.alternatives[20] ??= [
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(K.Outcome) },
      { ALT: () => this.SUBRULE(this.ruleKeyword) },
    ]);
    this.CONSUME(Equals);
    this.SUBRULE(this.expr);
  });

  /** A rule written without a name is named after its keyword, and referred to by it. */
  private ruleKeyword = this.RULE("ruleKeyword", () => {
    this.OR(this.alternatives[21] ??= [
      { ALT: () => this.CONSUME(K.Reward) },
      { ALT: () => this.CONSUME(K.Subsidy) },
      { ALT: () => this.CONSUME(K.Eligibility) },
      { ALT: () => this.CONSUME(K.Deadline) },
    ]);
  });

  // ---------------------------------------------------------------- expressions

  private expr = this.RULE("expr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(K.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  private andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(K.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  private notExpr = this.RULE("notExpr", () => {
    this.OR(this.alternatives[22] ??= [
      {
        ALT: () => {
          this.CONSUME(K.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  private comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive);
    this.compared = false;
    this.OPTION(() => {
      this.OR(this.alternatives[23] ??= [
        {
          ALT: () => {
            this.SUBRULE(this.compareOp);
            this.SUBRULE2(this.additive);
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.In);
            this.CONSUME(LParen);
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.expr, { LABEL: "option" }) });
            this.CONSUME(RParen);
          },
        },
      ]);
      this.compared = true;
    });
    this.OPTION2(this.postfixComparison);
    this.OPTION3(this.inclusionNote);
  });

  /**
   * `100万元以上（含）`, `300人以下（不含300人）`, `spending at most 100000 yuan (inclusive)`: after
   * a comparison, whether the number itself is included, as measures spell it out; to-ast makes
   * 以上/以下 exclusive on 不含 and reports a note that contradicts the operator.
   */
  private readonly inclusionNote = {
    GATE: (): boolean => this.compared && this.LA(1).tokenType === LParen && (this.LA(2).tokenType === K.Including || this.LA(2).tokenType === K.Excluding),
    DEF: (): void => {
      this.CONSUME2(LParen, { LABEL: "noteOpen" });
      this.OR3(this.alternatives[24] ??= [{ ALT: () => this.CONSUME(K.Including) }, { ALT: () => this.CONSUME(K.Excluding) }]);
      this.OPTION4(() => {
        this.CONSUME(NumberLit, { LABEL: "noteNumber" });
        this.OPTION5(() => this.CONSUME(Unit, { LABEL: "noteUnit" }));
      });
      this.CONSUME2(RParen, { LABEL: "noteClose" });
    },
  };

  /** Whether the comparison being parsed took a comparison operator (or 属于); set after its right side, so nested ones do not clear it. */
  private compared = false;

  /**
   * `研发投入 100万元以上` / `staff 300 persons or less` / `职工人数 核定人数以下`: the comparison
   * after a number (and its unit) or a name, only there (anything else after the left side, 如果
   * or a name not followed by the word, is not this) and only when no operator came before it. Made once, as the alternatives are: the comparison rule runs
   * for every expression.
   */
  private readonly postfixComparison = {
    GATE: (): boolean => !this.compared && this.postfixComparisonAhead(),
    DEF: (): void => {
      this.SUBRULE3(this.additive);
      this.OR2(this.alternatives[25] ??= [{ ALT: () => this.CONSUME(K.OrMore) }, { ALT: () => this.CONSUME(K.OrLess) }]);
      this.compared = true;
    },
  };

  /** A number, perhaps its unit, or a name, then 以上 / 以下 / 以内 (or more, or less). */
  private postfixComparisonAhead(): boolean {
    const first = this.LA(1).tokenType;
    if (first !== NumberLit && first !== Identifier) return false;
    const after = (t: TokenType) => t === K.OrMore || t === K.OrLess;
    const second = this.LA(2).tokenType;
    return after(second) || (first === NumberLit && second === Unit && after(this.LA(3).tokenType));
  }

  private compareOp = this.RULE("compareOp", () => {
    this.OR(this.alternatives[26] ??= [
      { ALT: () => this.CONSUME(Equals) },
      { ALT: () => this.CONSUME(NotEq) },
      { ALT: () => this.CONSUME(Less) },
      { ALT: () => this.CONSUME(LessEq) },
      { ALT: () => this.CONSUME(Greater) },
      { ALT: () => this.CONSUME(GreaterEq) },
      { ALT: () => this.CONSUME(K.AtLeast) },
      { ALT: () => this.CONSUME(K.AtMost) },
      { ALT: () => this.CONSUME(K.MoreThan) },
      { ALT: () => this.CONSUME(K.LessThan) },
    ]);
  });

  private additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR(this.alternatives[27] ??= [{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  private multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR(this.alternatives[28] ??= [{ ALT: () => this.CONSUME(Times) }, { ALT: () => this.CONSUME(Divide) }]);
      this.SUBRULE2(this.unary);
    });
  });

  private unary = this.RULE("unary", () => {
    this.OR(this.alternatives[29] ??= [
      {
        ALT: () => {
          this.CONSUME(Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  private primary = this.RULE("primary", () => {
    this.OR(this.alternatives[30] ??= [
      {
        ALT: () => {
          this.CONSUME(NumberLit);
          this.OPTION(() => this.CONSUME(Unit));
        },
      },
      { ALT: () => this.CONSUME(DateLit) },
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(K.True) },
      { ALT: () => this.CONSUME(K.False) },
      { ALT: () => this.CONSUME(K.Eligible) },
      { ALT: () => this.CONSUME(K.NotEligible) },
      { ALT: () => this.CONSUME(K.NeedsReview) },
      { ALT: () => this.CONSUME(K.ApplicationDate) },
      { ALT: () => this.CONSUME(K.NotApplicable) },
      { ALT: () => this.CONSUME(K.Computed) },
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.SUBRULE(this.ruleKeyword) },
      {
        ALT: () => {
          this.OR2(this.alternatives[31] ??= [{ ALT: () => this.CONSUME(K.Min) }, { ALT: () => this.CONSUME(K.Max) }]);
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.expr, { LABEL: "arg" }) });
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(LParen);
          this.SUBRULE2(this.expr, { LABEL: "inner" });
          this.CONSUME2(RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.If);
          this.SUBRULE3(this.expr, { LABEL: "condition" });
          this.CONSUME(K.Then);
          this.SUBRULE4(this.expr, { LABEL: "then" });
          this.CONSUME(K.Else);
          this.SUBRULE5(this.expr, { LABEL: "otherwise" });
        },
      },
    ]);
  });
}

/** The one parser instance, reused for every line (`parser.input = tokens`). */
export const parser = new KuanParser();

/** Builds the parser with chevrotain's grammar validations on; throws on an ambiguous or broken grammar (used by tests). */
export function validateGrammar(): void {
  new KuanParser(true);
}

/** The rules a line can be parsed with (see grammar/lines.ts). */
export type LineRule = "policyHeaderLine" | "policyAttrLine" | "applicationHeaderLine" | "fieldLine" | "articleHeaderLine" | "exampleHeaderLine" | "exampleLineLine" | "statementLine";

export interface LineParseError {
  readonly token: IToken;
  readonly data: ParserErrorData;
  readonly previous: IToken | undefined;
}

/** Parses one line's tokens (its line break last) with the given rule. */
export function parseLine(tokens: IToken[], rule: LineRule): { cst: CstNode; errors: LineParseError[] } {
  parser.input = tokens;
  const cst = parser[rule]();
  const errors = parser.errors.map((e) => {
    let data: ParserErrorData;
    try {
      data = JSON.parse(e.message) as ParserErrorData;
    } catch {
      data = { kind: "noViableAlt", expected: [] };
    }
    return { token: e.token, data, previous: (e as { previousToken?: IToken }).previousToken };
  });
  return { cst, errors };
}
