/**
 * Short English (and French) words that are also written as acronyms ("US", "WHO", "ICE",
 * "RAW"; "UN" in a French headline).
 * The compiler flags such acronyms so that the matcher ignores them in all-capitals text,
 * where "CHINA WARNS US" is a headline and not the United States. Build-time only.
 */
const WORDS = `
a act add age ago aid aim air all am an and any are arm arms art as ask at back bad ban bank base
be bear been best big bill both but by call can cap car care case cash cast cat city come core
cost cut dart data deal did do does done door down draw drop each east easy end even ever face
fact fair fall far fast fear feel few file fill find fine fire firm fit five flow fly food for
form four free from full fun fund gain game gas gave get give go goal god gone good grow gun had
half hand hard has have he head hear help her here him his hold home hope hot how huge ice idea
if ill in into is it its job just keep key kid kind know land last late law lay lead led left
leg less let lie life like line list live long look lose loss lost lot love low made main make
man many map mark may me mean meet mix more most move much must my name near need net new news
next nice nine no none not note now odd of oh oil old on once one only open or our out over own
pace page paid part pass past pay per plan play poll post pull push put rate raw read real red
rest rise risk role rule run sad safe said sale same save say sea seat see seen sell send sent
set she ship shot show side sign sit site six size sky so some son soon stay step stop such sun
sure swift take talk tax team tell ten term test than that the them then they this tie time to
told too took top tour town tree true try turn two type unit up upon us use used van very view
vote wait walk wall want war ward warn was way we week well went were west what when who why
will win wind with won word work year yes yet you your zone
au aux ce ces de des du elle en est et il la le les leur mais ne nous on ou par pas plus pour qui
que sa se ses son sur un une vous
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
