/**
 * IANA time zone per country: the zone most of the country's people live in.
 * Names are the current IANA ones (Asia/Kolkata, Europe/Kyiv) that
 * PostgreSQL and the browsers know; V8 accepts them and reports CLDR's older
 * aliases (Asia/Calcutta) from Intl.supportedValuesOf, which the test checks.
 */
const zoneByCountryText =
  'AD Europe/Andorra AE Asia/Dubai AF Asia/Kabul AG America/Antigua AI America/Anguilla AL Europe/Tirane AM Asia/Yerevan AO Africa/Luanda ' +
  'AQ Antarctica/McMurdo AR America/Argentina/Buenos_Aires AS Pacific/Pago_Pago AT Europe/Vienna AU Australia/Sydney AW America/Aruba ' +
  'AX Europe/Mariehamn AZ Asia/Baku BA Europe/Sarajevo BB America/Barbados BD Asia/Dhaka BE Europe/Brussels BF Africa/Ouagadougou ' +
  'BG Europe/Sofia BH Asia/Bahrain BI Africa/Bujumbura BJ Africa/Porto-Novo BL America/St_Barthelemy BM Atlantic/Bermuda BN Asia/Brunei ' +
  'BO America/La_Paz BQ America/Kralendijk BR America/Sao_Paulo BS America/Nassau BT Asia/Thimphu BW Africa/Gaborone BY Europe/Minsk ' +
  'BZ America/Belize CA America/Toronto CC Indian/Cocos CD Africa/Kinshasa CF Africa/Bangui CG Africa/Brazzaville CH Europe/Zurich ' +
  'CI Africa/Abidjan CK Pacific/Rarotonga CL America/Santiago CM Africa/Douala CN Asia/Shanghai CO America/Bogota CR America/Costa_Rica ' +
  'CU America/Havana CV Atlantic/Cape_Verde CW America/Curacao CX Indian/Christmas CY Asia/Nicosia CZ Europe/Prague DE Europe/Berlin ' +
  'DJ Africa/Djibouti DK Europe/Copenhagen DM America/Dominica DO America/Santo_Domingo DZ Africa/Algiers EC America/Guayaquil ' +
  'EE Europe/Tallinn EG Africa/Cairo EH Africa/El_Aaiun ER Africa/Asmara ES Europe/Madrid ET Africa/Addis_Ababa FI Europe/Helsinki ' +
  'FJ Pacific/Fiji FK Atlantic/Stanley FM Pacific/Chuuk FO Atlantic/Faroe FR Europe/Paris GA Africa/Libreville GB Europe/London ' +
  'GD America/Grenada GE Asia/Tbilisi GF America/Cayenne GG Europe/Guernsey GH Africa/Accra GI Europe/Gibraltar GL America/Nuuk ' +
  'GM Africa/Banjul GN Africa/Conakry GP America/Guadeloupe GQ Africa/Malabo GR Europe/Athens GS Atlantic/South_Georgia ' +
  'GT America/Guatemala GU Pacific/Guam GW Africa/Bissau GY America/Guyana HK Asia/Hong_Kong HN America/Tegucigalpa HR Europe/Zagreb ' +
  'HT America/Port-au-Prince HU Europe/Budapest ID Asia/Jakarta IE Europe/Dublin IL Asia/Jerusalem IM Europe/Isle_of_Man IN Asia/Kolkata ' +
  'IO Indian/Chagos IQ Asia/Baghdad IR Asia/Tehran IS Atlantic/Reykjavik IT Europe/Rome JE Europe/Jersey JM America/Jamaica JO Asia/Amman ' +
  'JP Asia/Tokyo KE Africa/Nairobi KG Asia/Bishkek KH Asia/Phnom_Penh KI Pacific/Tarawa KM Indian/Comoro KN America/St_Kitts ' +
  'KP Asia/Pyongyang KR Asia/Seoul KW Asia/Kuwait KY America/Cayman KZ Asia/Almaty LA Asia/Vientiane LB Asia/Beirut LC America/St_Lucia ' +
  'LI Europe/Vaduz LK Asia/Colombo LR Africa/Monrovia LS Africa/Maseru LT Europe/Vilnius LU Europe/Luxembourg LV Europe/Riga ' +
  'LY Africa/Tripoli MA Africa/Casablanca MC Europe/Monaco MD Europe/Chisinau ME Europe/Podgorica MF America/Marigot ' +
  'MG Indian/Antananarivo MH Pacific/Majuro MK Europe/Skopje ML Africa/Bamako MM Asia/Yangon MN Asia/Ulaanbaatar MO Asia/Macau ' +
  'MP Pacific/Saipan MQ America/Martinique MR Africa/Nouakchott MS America/Montserrat MT Europe/Malta MU Indian/Mauritius ' +
  'MV Indian/Maldives MW Africa/Blantyre MX America/Mexico_City MY Asia/Kuala_Lumpur MZ Africa/Maputo NA Africa/Windhoek ' +
  'NC Pacific/Noumea NE Africa/Niamey NF Pacific/Norfolk NG Africa/Lagos NI America/Managua NL Europe/Amsterdam NO Europe/Oslo ' +
  'NP Asia/Kathmandu NR Pacific/Nauru NU Pacific/Niue NZ Pacific/Auckland OM Asia/Muscat PA America/Panama PE America/Lima ' +
  'PF Pacific/Tahiti PG Pacific/Port_Moresby PH Asia/Manila PK Asia/Karachi PL Europe/Warsaw PM America/Miquelon PN Pacific/Pitcairn ' +
  'PR America/Puerto_Rico PS Asia/Hebron PT Europe/Lisbon PW Pacific/Palau PY America/Asuncion QA Asia/Qatar RE Indian/Reunion ' +
  'RO Europe/Bucharest RS Europe/Belgrade RU Europe/Moscow RW Africa/Kigali SA Asia/Riyadh SB Pacific/Guadalcanal SC Indian/Mahe ' +
  'SD Africa/Khartoum SE Europe/Stockholm SG Asia/Singapore SH Atlantic/St_Helena SI Europe/Ljubljana SJ Arctic/Longyearbyen ' +
  'SK Europe/Bratislava SL Africa/Freetown SM Europe/San_Marino SN Africa/Dakar SO Africa/Mogadishu SR America/Paramaribo ' +
  'SS Africa/Juba ST Africa/Sao_Tome SV America/El_Salvador SX America/Lower_Princes SY Asia/Damascus SZ Africa/Mbabane ' +
  'TC America/Grand_Turk TD Africa/Ndjamena TF Indian/Kerguelen TG Africa/Lome TH Asia/Bangkok TJ Asia/Dushanbe TK Pacific/Fakaofo ' +
  'TL Asia/Dili TM Asia/Ashgabat TN Africa/Tunis TO Pacific/Tongatapu TR Europe/Istanbul TT America/Port_of_Spain TV Pacific/Funafuti ' +
  'TW Asia/Taipei TZ Africa/Dar_es_Salaam UA Europe/Kyiv UG Africa/Kampala UM Pacific/Midway US America/New_York UY America/Montevideo ' +
  'UZ Asia/Tashkent VA Europe/Vatican VC America/St_Vincent VE America/Caracas VG America/Tortola VI America/St_Thomas VN Asia/Ho_Chi_Minh ' +
  'VU Pacific/Efate WF Pacific/Wallis WS Pacific/Apia YE Asia/Aden YT Indian/Mayotte ZA Africa/Johannesburg ZM Africa/Lusaka ' +
  'ZW Africa/Harare XK Europe/Belgrade';

export const zoneByCountry: ReadonlyMap<string, string> = new Map(
  zoneByCountryText.split(' ').flatMap((word, i, words) => (i % 2 === 0 ? [[word, words[i + 1] ?? ''] as [string, string]] : [])),
);

/**
 * Countries spanning more than one UTC offset: without a region, the country
 * zone above is only the most populous one, so it is given lower confidence.
 */
export const multiZoneCountries: ReadonlySet<string> = new Set(['AQ', 'AU', 'BR', 'CA', 'CD', 'CL', 'EC', 'ES', 'FM', 'GL', 'ID', 'KI', 'MN', 'MX', 'NZ', 'PF', 'PT', 'RU', 'UM', 'US']);

/** `CODE|Name,Other name|Zone;…`, one table per country with regional zones. Names without accents. */
const regionTables: Record<string, string> = {
  US:
    'AL|Alabama|America/Chicago;AK|Alaska|America/Anchorage;AZ|Arizona|America/Phoenix;AR|Arkansas|America/Chicago;' +
    'CA|California|America/Los_Angeles;CO|Colorado|America/Denver;CT|Connecticut|America/New_York;DE|Delaware|America/New_York;' +
    'DC|District of Columbia,Washington DC,Washington D C|America/New_York;FL|Florida|America/New_York;GA|Georgia|America/New_York;' +
    'HI|Hawaii|Pacific/Honolulu;ID|Idaho|America/Boise;IL|Illinois|America/Chicago;IN|Indiana|America/Indiana/Indianapolis;' +
    'IA|Iowa|America/Chicago;KS|Kansas|America/Chicago;KY|Kentucky|America/New_York;LA|Louisiana|America/Chicago;ME|Maine|America/New_York;' +
    'MD|Maryland|America/New_York;MA|Massachusetts|America/New_York;MI|Michigan|America/Detroit;MN|Minnesota|America/Chicago;' +
    'MS|Mississippi|America/Chicago;MO|Missouri|America/Chicago;MT|Montana|America/Denver;NE|Nebraska|America/Chicago;' +
    'NV|Nevada|America/Los_Angeles;NH|New Hampshire|America/New_York;NJ|New Jersey|America/New_York;NM|New Mexico|America/Denver;' +
    'NY|New York|America/New_York;NC|North Carolina|America/New_York;ND|North Dakota|America/Chicago;OH|Ohio|America/New_York;' +
    'OK|Oklahoma|America/Chicago;OR|Oregon|America/Los_Angeles;PA|Pennsylvania|America/New_York;RI|Rhode Island|America/New_York;' +
    'SC|South Carolina|America/New_York;SD|South Dakota|America/Chicago;TN|Tennessee|America/Chicago;TX|Texas|America/Chicago;' +
    'UT|Utah|America/Denver;VT|Vermont|America/New_York;VA|Virginia|America/New_York;WA|Washington,Washington State|America/Los_Angeles;' +
    'WV|West Virginia|America/New_York;WI|Wisconsin|America/Chicago;WY|Wyoming|America/Denver;PR|Puerto Rico|America/Puerto_Rico;' +
    'GU|Guam|Pacific/Guam;VI|Virgin Islands,US Virgin Islands|America/St_Thomas;AS|American Samoa|Pacific/Pago_Pago;' +
    'MP|Northern Mariana Islands|Pacific/Saipan',
  CA:
    'AB|Alberta|America/Edmonton;BC|British Columbia|America/Vancouver;MB|Manitoba|America/Winnipeg;NB|New Brunswick|America/Moncton;' +
    'NL|Newfoundland and Labrador,Newfoundland|America/St_Johns;NS|Nova Scotia|America/Halifax;NT|Northwest Territories|America/Yellowknife;' +
    'NU|Nunavut|America/Iqaluit;ON|Ontario|America/Toronto;PE|Prince Edward Island|America/Halifax;QC|Quebec|America/Toronto;' +
    'SK|Saskatchewan|America/Regina;YT|Yukon|America/Whitehorse',
  AU:
    'ACT|Australian Capital Territory|Australia/Sydney;NSW|New South Wales|Australia/Sydney;NT|Northern Territory|Australia/Darwin;' +
    'QLD|Queensland|Australia/Brisbane;SA|South Australia|Australia/Adelaide;TAS|Tasmania|Australia/Hobart;VIC|Victoria|Australia/Melbourne;' +
    'WA|Western Australia|Australia/Perth',
  BR:
    'AC|Acre|America/Rio_Branco;AL|Alagoas|America/Maceio;AP|Amapa|America/Belem;AM|Amazonas|America/Manaus;BA|Bahia|America/Bahia;' +
    'CE|Ceara|America/Fortaleza;DF|Distrito Federal,Brasilia|America/Sao_Paulo;ES|Espirito Santo|America/Sao_Paulo;GO|Goias|America/Sao_Paulo;' +
    'MA|Maranhao|America/Fortaleza;MT|Mato Grosso|America/Cuiaba;MS|Mato Grosso do Sul|America/Campo_Grande;MG|Minas Gerais|America/Sao_Paulo;' +
    'PA|Para|America/Belem;PB|Paraiba|America/Fortaleza;PR|Parana|America/Sao_Paulo;PE|Pernambuco|America/Recife;PI|Piaui|America/Fortaleza;' +
    'RJ|Rio de Janeiro|America/Sao_Paulo;RN|Rio Grande do Norte|America/Fortaleza;RS|Rio Grande do Sul|America/Sao_Paulo;' +
    'RO|Rondonia|America/Porto_Velho;RR|Roraima|America/Boa_Vista;SC|Santa Catarina|America/Sao_Paulo;SP|Sao Paulo|America/Sao_Paulo;' +
    'SE|Sergipe|America/Maceio;TO|Tocantins|America/Araguaina',
  RU:
    'MOW|Moscow,Moskva|Europe/Moscow;SPE|Saint Petersburg,St Petersburg,Sankt Peterburg|Europe/Moscow;MOS|Moscow Oblast|Europe/Moscow;' +
    'LEN|Leningrad Oblast|Europe/Moscow;TA|Tatarstan|Europe/Moscow;KDA|Krasnodar Krai,Krasnodar|Europe/Moscow;ROS|Rostov Oblast,Rostov|Europe/Moscow;' +
    'NIZ|Nizhny Novgorod Oblast,Nizhny Novgorod|Europe/Moscow;KGD|Kaliningrad Oblast,Kaliningrad|Europe/Kaliningrad;' +
    'SAM|Samara Oblast,Samara|Europe/Samara;UD|Udmurtia,Udmurt Republic|Europe/Samara;AST|Astrakhan Oblast,Astrakhan|Europe/Astrakhan;' +
    'SAR|Saratov Oblast,Saratov|Europe/Saratov;ULY|Ulyanovsk Oblast,Ulyanovsk|Europe/Ulyanovsk;VGG|Volgograd Oblast,Volgograd|Europe/Volgograd;' +
    'KIR|Kirov Oblast,Kirov|Europe/Kirov;SVE|Sverdlovsk Oblast,Sverdlovsk,Yekaterinburg|Asia/Yekaterinburg;' +
    'CHE|Chelyabinsk Oblast,Chelyabinsk|Asia/Yekaterinburg;TYU|Tyumen Oblast,Tyumen|Asia/Yekaterinburg;PER|Perm Krai,Perm|Asia/Yekaterinburg;' +
    'BA|Bashkortostan|Asia/Yekaterinburg;ORE|Orenburg Oblast,Orenburg|Asia/Yekaterinburg;KGN|Kurgan Oblast,Kurgan|Asia/Yekaterinburg;' +
    'KHM|Khanty-Mansi Autonomous Okrug,Khanty-Mansi|Asia/Yekaterinburg;YAN|Yamalo-Nenets Autonomous Okrug,Yamalo-Nenets|Asia/Yekaterinburg;' +
    'OMS|Omsk Oblast,Omsk|Asia/Omsk;NVS|Novosibirsk Oblast,Novosibirsk|Asia/Novosibirsk;TOM|Tomsk Oblast,Tomsk|Asia/Tomsk;' +
    'ALT|Altai Krai|Asia/Barnaul;AL|Altai Republic|Asia/Barnaul;KEM|Kemerovo Oblast,Kemerovo,Kuzbass|Asia/Novokuznetsk;' +
    'KYA|Krasnoyarsk Krai,Krasnoyarsk|Asia/Krasnoyarsk;KK|Khakassia|Asia/Krasnoyarsk;TY|Tuva|Asia/Krasnoyarsk;' +
    'IRK|Irkutsk Oblast,Irkutsk|Asia/Irkutsk;BU|Buryatia|Asia/Irkutsk;ZAB|Zabaykalsky Krai,Chita|Asia/Chita;AMU|Amur Oblast,Amur|Asia/Yakutsk;' +
    'SA|Sakha,Yakutia,Sakha Republic|Asia/Yakutsk;PRI|Primorsky Krai,Primorye,Vladivostok|Asia/Vladivostok;' +
    'KHA|Khabarovsk Krai,Khabarovsk|Asia/Vladivostok;YEV|Jewish Autonomous Oblast|Asia/Vladivostok;SAK|Sakhalin Oblast,Sakhalin|Asia/Sakhalin;' +
    'MAG|Magadan Oblast,Magadan|Asia/Magadan;KAM|Kamchatka Krai,Kamchatka|Asia/Kamchatka;CHU|Chukotka Autonomous Okrug,Chukotka|Asia/Anadyr',
  MX:
    'BCN|Baja California|America/Tijuana;BCS|Baja California Sur|America/Mazatlan;SON|Sonora|America/Hermosillo;' +
    'CHH|Chihuahua|America/Chihuahua;SIN|Sinaloa|America/Mazatlan;NAY|Nayarit|America/Mazatlan;ROO|Quintana Roo|America/Cancun',
  ID:
    'BA|Bali|Asia/Makassar;NB|West Nusa Tenggara,Nusa Tenggara Barat|Asia/Makassar;NT|East Nusa Tenggara,Nusa Tenggara Timur|Asia/Makassar;' +
    'SN|South Sulawesi,Sulawesi Selatan|Asia/Makassar;SA|North Sulawesi,Sulawesi Utara|Asia/Makassar;KI|East Kalimantan,Kalimantan Timur|Asia/Makassar;' +
    'KB|West Kalimantan,Kalimantan Barat|Asia/Pontianak;PA|Papua|Asia/Jayapura;PB|West Papua,Papua Barat|Asia/Jayapura;' +
    'MA|Maluku|Asia/Jayapura;MU|North Maluku,Maluku Utara|Asia/Jayapura',
};

export interface RegionZone {
  code: string;
  names: string[];
  zone: string;
}

export function regionZones(country: string): RegionZone[] {
  const table = regionTables[country];
  if (!table) return [];
  return table.split(';').map((entry) => {
    const [code = '', names = '', zone = ''] = entry.split('|');
    return { code, names: names.split(','), zone };
  });
}

export const countriesWithRegions: readonly string[] = Object.keys(regionTables);
