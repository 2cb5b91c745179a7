/**
 * ISO 3166-1 countries: alpha-2 → alpha-3 (plus the user-assigned XK for
 * Kosovo, which banks and Intl use). Names come from Intl.DisplayNames, so this
 * table only carries what Intl cannot give: the list of codes and alpha-3.
 */
const alpha3Pairs =
  'AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS AW ABW AX ALA AZ AZE ' +
  'BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM BM BMU BN BRN BO BOL BQ BES BR BRA BS BHS BT BTN BV BVT BW BWA BY BLR BZ BLZ ' +
  'CA CAN CC CCK CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR CN CHN CO COL CR CRI CU CUB CV CPV CW CUW CX CXR CY CYP CZ CZE ' +
  'DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST EG EGY EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA ' +
  'GA GAB GB GBR GD GRD GE GEO GF GUF GG GGY GH GHA GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM GU GUM GW GNB GY GUY ' +
  'HK HKG HM HMD HN HND HR HRV HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM JO JOR JP JPN ' +
  'KE KEN KG KGZ KH KHM KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN LC LCA LI LIE LK LKA LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY ' +
  'MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL MK MKD ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI MX MEX MY MYS MZ MOZ ' +
  'NA NAM NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL NR NRU NU NIU NZ NZL OM OMN ' +
  'PA PAN PE PER PF PYF PG PNG PH PHL PK PAK PL POL PM SPM PN PCN PR PRI PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA ' +
  'SA SAU SB SLB SC SYC SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD ST STP SV SLV SX SXM SY SYR SZ SWZ ' +
  'TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS TM TKM TN TUN TO TON TR TUR TT TTO TV TUV TW TWN TZ TZA ' +
  'UA UKR UG UGA UM UMI US USA UY URY UZ UZB VA VAT VC VCT VE VEN VG VGB VI VIR VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF ZM ZMB ZW ZWE XK XKX';

function pairs(text: string): Array<[string, string]> {
  const words = text.split(' ').filter(Boolean);
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < words.length; i += 2) out.push([words[i] as string, words[i + 1] as string]);
  return out;
}

export const alpha3ByAlpha2: ReadonlyMap<string, string> = new Map(pairs(alpha3Pairs));
export const alpha2ByAlpha3: ReadonlyMap<string, string> = new Map(pairs(alpha3Pairs).map(([a2, a3]) => [a3, a2]));
export const countryCodes: readonly string[] = [...alpha3ByAlpha2.keys()];

/**
 * Names people write that Intl's display names do not produce, as lookup keys
 * (see `lookupKey`: lower case, no accents, punctuation as spaces).
 */
export const countryAliases: Readonly<Record<string, string>> = {
  uk: 'GB', 'u k': 'GB', britain: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  usa: 'US', 'u s a': 'US', 'u s': 'US', america: 'US', 'united states of america': 'US', 'the united states': 'US', 'the us': 'US',
  holland: 'NL', 'the netherlands': 'NL',
  'south korea': 'KR', 'korea republic of': 'KR', 'republic of korea': 'KR', 'korea south': 'KR', korea: 'KR',
  'north korea': 'KP', 'korea democratic people s republic of': 'KP', dprk: 'KP',
  russia: 'RU', 'russian federation': 'RU',
  'czech republic': 'CZ', czechia: 'CZ',
  'ivory coast': 'CI', 'cote d ivoire': 'CI',
  turkey: 'TR', turkiye: 'TR',
  vietnam: 'VN', 'viet nam': 'VN',
  uae: 'AE', 'u a e': 'AE', emirates: 'AE',
  'hong kong': 'HK', 'hong kong sar': 'HK', macau: 'MO', macao: 'MO',
  taiwan: 'TW', 'taiwan province of china': 'TW',
  iran: 'IR', 'iran islamic republic of': 'IR',
  bolivia: 'BO', 'bolivia plurinational state of': 'BO',
  venezuela: 'VE', 'venezuela bolivarian republic of': 'VE',
  tanzania: 'TZ', 'tanzania united republic of': 'TZ',
  syria: 'SY', 'syrian arab republic': 'SY',
  laos: 'LA', 'lao people s democratic republic': 'LA',
  burma: 'MM',
  swaziland: 'SZ', eswatini: 'SZ',
  macedonia: 'MK', 'north macedonia': 'MK', fyrom: 'MK',
  'cape verde': 'CV', 'cabo verde': 'CV',
  'east timor': 'TL', 'timor leste': 'TL',
  vatican: 'VA', 'vatican city': 'VA', 'holy see': 'VA',
  bahamas: 'BS', 'the bahamas': 'BS', gambia: 'GM', 'the gambia': 'GM',
  'slovak republic': 'SK',
  kosovo: 'XK',
  congo: 'CG', 'republic of the congo': 'CG', 'congo brazzaville': 'CG',
  'democratic republic of the congo': 'CD', 'dr congo': 'CD', drc: 'CD', 'congo kinshasa': 'CD', zaire: 'CD',
  palestine: 'PS', 'state of palestine': 'PS',
  moldova: 'MD', 'moldova republic of': 'MD',
  micronesia: 'FM', 'federated states of micronesia': 'FM',
  'brunei darussalam': 'BN',
};

/** Display-name locales indexed for free-text country input. English first: it wins a clash. */
export const countryNameLocales = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'nb', 'fi', 'pl', 'cs', 'tr', 'ru', 'uk', 'ja', 'zh', 'ko', 'ar'] as const;
