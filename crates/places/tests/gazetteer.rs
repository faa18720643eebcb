//! The gazetteer files: the built-in set loads, and a bad line is reported with its file and line.

use entente_places::{Gazetteer, PlaceKind};

const HEADER: &str = "geonames_id\tkind\tname\tcountry\tadm1\tlat\tlon\tpopulation\tnames\n";

#[test]
fn the_builtin_gazetteer_loads_with_its_countries_cities_and_territories() {
    let gazetteer = Gazetteer::builtin().unwrap();
    assert!(gazetteer.len() > 37_000);
    let kinds = |name: &str| -> Vec<(PlaceKind, String)> {
        gazetteer
            .lookup(name)
            .iter()
            .map(|&i| (gazetteer.place(i).kind, gazetteer.place(i).country.clone()))
            .collect()
    };
    assert!(kinds("Istanbul").contains(&(PlaceKind::City, "TUR".into())));
    assert!(kinds("Türkiye").contains(&(PlaceKind::Country, "TUR".into())));
    assert!(
        kinds("the gaza strip").is_empty(),
        "names are looked up without their article"
    );
    assert_eq!(kinds("Gaza Strip"), [(PlaceKind::Region, "PSE".into())]);
    assert_eq!(
        kinds("Nagorno Karabakh"),
        [(PlaceKind::Region, "AZE".into())]
    );
    assert_eq!(kinds("Sindh"), [(PlaceKind::Adm1, "PAK".into())]);
    assert_eq!(kinds("Bavaria"), [(PlaceKind::Adm1, "DEU".into())]);
    let punjab = kinds("Punjab");
    assert!(punjab.contains(&(PlaceKind::Adm1, "PAK".into())));
    assert!(punjab.contains(&(PlaceKind::Adm1, "IND".into())));
    for generic in ["Central", "Northern Province", "Red Sea", "Asia"] {
        assert!(
            kinds(generic)
                .iter()
                .all(|(kind, _)| *kind != PlaceKind::Adm1),
            "{generic} names no one division"
        );
    }
    assert!(kinds("Asia").is_empty(), "no town stands for a continent");
    assert!(
        kinds("Gaza").iter().all(|(_, country)| country == "PSE"),
        "a division does not shadow a region news names (Gaza, Mozambique)"
    );
    let tripoli = kinds("Tripoli");
    assert!(tripoli.contains(&(PlaceKind::City, "LBN".into())));
    assert!(tripoli.contains(&(PlaceKind::City, "LBY".into())));
}

#[test]
fn a_bad_line_names_its_file_and_line() {
    let text =
        format!("# comment\n{HEADER}1\tcity\tA\tAAA\t\t1\t2\t3\t\n2\ttown\tB\tBBB\t\t1\t2\t3\t\n");
    let err = Gazetteer::from_files(&[("test.tsv", &text)]).unwrap_err();
    assert_eq!(err.to_string(), "test.tsv:4: unknown kind `town`");
    let text = format!("{HEADER}1\tcity\tA\tAA\t\t1\t2\t3\t\n");
    let err = Gazetteer::from_files(&[("short.tsv", &text)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "short.tsv:2: country `AA` is not ISO 3166-1 alpha-3"
    );
    let err = Gazetteer::from_files(&[("none.tsv", "1\tcity\n")]).unwrap_err();
    assert!(err
        .to_string()
        .starts_with("none.tsv:1: expected the header line"));
}
