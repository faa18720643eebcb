//! ICEWS names countries in words; the store keys actors by ISO 3166-1 alpha-3. This table maps
//! the English short names ICEWS uses (and common variants) to codes. Kosovo, which has no ISO
//! code, gets the user-assigned XKX that the EU and the World Bank use.

/// (lower-case name, ISO alpha-3), sorted by name for binary search.
const COUNTRIES: &[(&str, &str)] = &[
    ("afghanistan", "AFG"), ("albania", "ALB"), ("algeria", "DZA"), ("american samoa", "ASM"),
    ("andorra", "AND"), ("angola", "AGO"), ("anguilla", "AIA"), ("antigua and barbuda", "ATG"),
    ("argentina", "ARG"), ("armenia", "ARM"), ("aruba", "ABW"), ("australia", "AUS"), ("austria", "AUT"),
    ("azerbaijan", "AZE"), ("bahamas", "BHS"), ("bahrain", "BHR"), ("bangladesh", "BGD"), ("barbados", "BRB"),
    ("belarus", "BLR"), ("belgium", "BEL"), ("belize", "BLZ"), ("benin", "BEN"), ("bermuda", "BMU"),
    ("bhutan", "BTN"), ("bolivia", "BOL"), ("bosnia and herzegovina", "BIH"), ("botswana", "BWA"),
    ("brazil", "BRA"), ("brunei", "BRN"), ("brunei darussalam", "BRN"), ("bulgaria", "BGR"),
    ("burkina faso", "BFA"), ("burma", "MMR"), ("burundi", "BDI"), ("cabo verde", "CPV"), ("cambodia", "KHM"),
    ("cameroon", "CMR"), ("canada", "CAN"), ("cape verde", "CPV"), ("cayman islands", "CYM"),
    ("central african republic", "CAF"), ("chad", "TCD"), ("chile", "CHL"), ("china", "CHN"),
    ("colombia", "COL"), ("comoros", "COM"), ("congo", "COG"),
    ("congo, the democratic republic of the", "COD"), ("cook islands", "COK"), ("costa rica", "CRI"),
    ("cote d'ivoire", "CIV"), ("croatia", "HRV"), ("cuba", "CUB"), ("curacao", "CUW"), ("cyprus", "CYP"),
    ("czech republic", "CZE"), ("czechia", "CZE"), ("democratic republic of congo", "COD"),
    ("democratic republic of the congo", "COD"), ("denmark", "DNK"), ("djibouti", "DJI"), ("dominica", "DMA"),
    ("dominican republic", "DOM"), ("east timor", "TLS"), ("ecuador", "ECU"), ("egypt", "EGY"),
    ("el salvador", "SLV"), ("equatorial guinea", "GNQ"), ("eritrea", "ERI"), ("estonia", "EST"),
    ("eswatini", "SWZ"), ("ethiopia", "ETH"), ("falkland islands", "FLK"), ("faroe islands", "FRO"),
    ("fiji", "FJI"), ("finland", "FIN"), ("france", "FRA"), ("french guiana", "GUF"),
    ("french polynesia", "PYF"), ("gabon", "GAB"), ("gambia", "GMB"), ("georgia", "GEO"), ("germany", "DEU"),
    ("ghana", "GHA"), ("gibraltar", "GIB"), ("greece", "GRC"), ("greenland", "GRL"), ("grenada", "GRD"),
    ("guadeloupe", "GLP"), ("guam", "GUM"), ("guatemala", "GTM"), ("guinea", "GIN"), ("guinea-bissau", "GNB"),
    ("guyana", "GUY"), ("haiti", "HTI"), ("holy see", "VAT"), ("honduras", "HND"), ("hong kong", "HKG"),
    ("hungary", "HUN"), ("iceland", "ISL"), ("india", "IND"), ("indonesia", "IDN"), ("iran", "IRN"),
    ("iran, islamic republic of", "IRN"), ("iraq", "IRQ"), ("ireland", "IRL"), ("israel", "ISR"),
    ("italy", "ITA"), ("ivory coast", "CIV"), ("jamaica", "JAM"), ("japan", "JPN"), ("jordan", "JOR"),
    ("kazakhstan", "KAZ"), ("kenya", "KEN"), ("kiribati", "KIR"),
    ("korea, democratic people's republic of", "PRK"), ("korea, republic of", "KOR"), ("kosovo", "XKX"),
    ("kuwait", "KWT"), ("kyrgyzstan", "KGZ"), ("lao people's democratic republic", "LAO"), ("laos", "LAO"),
    ("latvia", "LVA"), ("lebanon", "LBN"), ("lesotho", "LSO"), ("liberia", "LBR"), ("libya", "LBY"),
    ("libyan arab jamahiriya", "LBY"), ("liechtenstein", "LIE"), ("lithuania", "LTU"), ("luxembourg", "LUX"),
    ("macao", "MAC"), ("macau", "MAC"), ("macedonia", "MKD"), ("madagascar", "MDG"), ("malawi", "MWI"),
    ("malaysia", "MYS"), ("maldives", "MDV"), ("mali", "MLI"), ("malta", "MLT"), ("marshall islands", "MHL"),
    ("martinique", "MTQ"), ("mauritania", "MRT"), ("mauritius", "MUS"), ("mexico", "MEX"),
    ("micronesia", "FSM"), ("micronesia, federated states of", "FSM"), ("moldova", "MDA"),
    ("moldova, republic of", "MDA"), ("monaco", "MCO"), ("mongolia", "MNG"), ("montenegro", "MNE"),
    ("montserrat", "MSR"), ("morocco", "MAR"), ("mozambique", "MOZ"), ("myanmar", "MMR"), ("namibia", "NAM"),
    ("nauru", "NRU"), ("nepal", "NPL"), ("netherlands", "NLD"), ("new caledonia", "NCL"),
    ("new zealand", "NZL"), ("nicaragua", "NIC"), ("niger", "NER"), ("nigeria", "NGA"),
    ("north korea", "PRK"), ("north macedonia", "MKD"), ("norway", "NOR"),
    ("occupied palestinian territory", "PSE"), ("oman", "OMN"), ("pakistan", "PAK"), ("palau", "PLW"),
    ("palestine", "PSE"), ("palestinian territory, occupied", "PSE"), ("panama", "PAN"),
    ("papua new guinea", "PNG"), ("paraguay", "PRY"), ("peru", "PER"), ("philippines", "PHL"),
    ("poland", "POL"), ("portugal", "PRT"), ("puerto rico", "PRI"), ("qatar", "QAT"),
    ("republic of congo", "COG"), ("republic of the congo", "COG"), ("reunion", "REU"), ("romania", "ROU"),
    ("russia", "RUS"), ("russian federation", "RUS"), ("rwanda", "RWA"), ("saint kitts and nevis", "KNA"),
    ("saint lucia", "LCA"), ("saint vincent and the grenadines", "VCT"), ("samoa", "WSM"),
    ("san marino", "SMR"), ("sao tome and principe", "STP"), ("saudi arabia", "SAU"), ("senegal", "SEN"),
    ("serbia", "SRB"), ("serbia and montenegro", "SCG"), ("seychelles", "SYC"), ("sierra leone", "SLE"),
    ("singapore", "SGP"), ("slovakia", "SVK"), ("slovenia", "SVN"), ("solomon islands", "SLB"),
    ("somalia", "SOM"), ("south africa", "ZAF"), ("south korea", "KOR"), ("south sudan", "SSD"),
    ("spain", "ESP"), ("sri lanka", "LKA"), ("sudan", "SDN"), ("suriname", "SUR"), ("swaziland", "SWZ"),
    ("sweden", "SWE"), ("switzerland", "CHE"), ("syria", "SYR"), ("syrian arab republic", "SYR"),
    ("taiwan", "TWN"), ("tajikistan", "TJK"), ("tanzania", "TZA"), ("tanzania, united republic of", "TZA"),
    ("thailand", "THA"), ("the former yugoslav republic of macedonia", "MKD"), ("timor-leste", "TLS"),
    ("togo", "TGO"), ("tonga", "TON"), ("trinidad and tobago", "TTO"), ("tunisia", "TUN"), ("turkey", "TUR"),
    ("turkiye", "TUR"), ("turkmenistan", "TKM"), ("tuvalu", "TUV"), ("uganda", "UGA"), ("ukraine", "UKR"),
    ("united arab emirates", "ARE"), ("united kingdom", "GBR"), ("united states", "USA"),
    ("united states of america", "USA"), ("uruguay", "URY"), ("uzbekistan", "UZB"), ("vanuatu", "VUT"),
    ("vatican city", "VAT"), ("venezuela", "VEN"), ("viet nam", "VNM"), ("vietnam", "VNM"),
    ("western sahara", "ESH"), ("yemen", "YEM"), ("zambia", "ZMB"), ("zimbabwe", "ZWE"),
];

/// The ISO alpha-3 code for an ICEWS country name, ignoring case and surrounding space.
pub(crate) fn iso3(name: &str) -> Option<&'static str> {
    let name = name.trim().to_lowercase();
    COUNTRIES.binary_search_by(|(n, _)| n.cmp(&name.as_str())).ok().map(|i| COUNTRIES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0), "COUNTRIES must be sorted and unique");
    }

    #[test]
    fn icews_spellings_map_to_iso() {
        assert_eq!(iso3("Russian Federation"), Some("RUS"));
        assert_eq!(iso3("Occupied Palestinian Territory"), Some("PSE"));
        assert_eq!(iso3("the former Yugoslav Republic of Macedonia"), Some("MKD"));
        assert_eq!(iso3("Moldova, Republic of"), Some("MDA"));
        assert_eq!(iso3("Cote d'Ivoire"), Some("CIV"));
        assert_eq!(iso3("NA"), None);
    }
}
