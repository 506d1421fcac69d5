/** @module ISO 3166-1 alpha-2 country codes and the address rules of the countries the shop supports. */

/** Every officially assigned ISO 3166-1 alpha-2 code (249), as the ISO 3166 Maintenance Agency lists them. */
export const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
  'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
  'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
  'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
  'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
  'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
  'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ')

const COUNTRY_SET = new Set(COUNTRY_CODES)

/** True for an assigned ISO 3166-1 alpha-2 code (upper case). */
export function isCountryCode(code: string): boolean {
  return COUNTRY_SET.has(code)
}

/** How one country writes an address: which parts are required and what a postal code looks like. */
export interface CountryRule {
  /** What the postal code looks like, after upper-casing and trimming. */
  postalCode: RegExp
  /** A valid example, for error messages. */
  postalExample: string
  /** The canonical spelling (spacing, hyphen) of a code that passed `postalCode`. */
  formatPostalCode?: (code: string) => string
  /** Set where the region (state, province, prefecture) is required; the codes it may take. */
  regions?: ReadonlySet<string>
}

const set = (codes: string) => new Set(codes.split(' '))
/** Inserts a space before the last three characters (the inward code of CA and GB). */
const spaceBeforeLast3 = (c: string) => {
  const compact = c.replace(/\s+/g, '')
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}

const FIVE_DIGITS = { postalCode: /^\d{5}$/, postalExample: '75001' }
const FOUR_DIGITS = { postalCode: /^\d{4}$/, postalExample: '1010' }

/**
 * The countries with specific rules. An address in any other ISO country is accepted with a free-form
 * postal code of up to 16 characters; whether the shop ships there is the shipping zones' decision.
 * US states include DC, the inhabited territories and the military (AA, AE, AP) codes that carriers
 * accept; CA provinces and territories, AU states and territories, JP prefectures as the two-digit
 * ISO 3166-2:JP numbers.
 */
export const COUNTRY_RULES: Readonly<Record<string, CountryRule>> = {
  US: {
    postalCode: /^\d{5}(-\d{4})?$/,
    postalExample: '94105',
    regions: set(
      'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ ' +
        'NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP',
    ),
  },
  CA: {
    postalCode: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
    postalExample: 'K1A 0B1',
    formatPostalCode: spaceBeforeLast3,
    regions: set('AB BC MB NB NL NS NT NU ON PE QC SK YT'),
  },
  GB: {
    postalCode: /^([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|GIR ?0AA)$/,
    postalExample: 'SW1A 1AA',
    formatPostalCode: spaceBeforeLast3,
  },
  DE: FIVE_DIGITS,
  FR: FIVE_DIGITS,
  IT: FIVE_DIGITS,
  ES: { postalCode: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/, postalExample: '28013' },
  NL: {
    postalCode: /^[1-9]\d{3} ?[A-Z]{2}$/,
    postalExample: '1012 AB',
    formatPostalCode: (c) => `${c.slice(0, 4)} ${c.slice(-2)}`,
  },
  AT: FOUR_DIGITS,
  BE: FOUR_DIGITS,
  CH: FOUR_DIGITS,
  AU: { ...FOUR_DIGITS, postalExample: '2000', regions: set('ACT NSW NT QLD SA TAS VIC WA') },
  JP: {
    postalCode: /^\d{3}-?\d{4}$/,
    postalExample: '100-0001',
    formatPostalCode: (c) => `${c.slice(0, 3)}-${c.slice(-4)}`,
    regions: new Set(Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'))),
  },
}
