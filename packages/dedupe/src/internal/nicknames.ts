/**
 * Common English given-name variants, each line a formal name followed by
 * its nicknames and spelling variants. A nickname may belong to several
 * formal names (`al`: albert, alan, alfred…): it then matches any of them.
 */
const table = `
abigail abby abbie gail
abraham abe bram
albert al bert bertie
alan al allan allen
alexander alex alec alexis sandy xander lex
alexandra alex alexa lexi sandra sandy
alfred al alf alfie fred
andrew andy drew
angela angie
anthony tony ant antony
arthur art artie
barbara barb barbie babs
benjamin ben benny benji
bernard bernie
beverly bev
bradley brad
brian bryan
calvin cal
catherine cathy kate katie kathy cat katherine kathryn cathryn
charles charlie chuck chas chaz
charlotte lottie charlie
christina chris tina christine kristina
christopher chris kit topher
clifford cliff
cynthia cindy
daniel dan danny
david dave davy
deborah debbie deb debra
dennis denny
donald don donnie
dorothy dot dottie
douglas doug
edward ed eddie ted ned teddy
eleanor ellie nell nora
elizabeth liz lizzie beth betty bess betsy eliza elisa libby lisa liza elisabeth
emily em emmy
eugene gene
francis frank fran
frances fran fanny frankie
frederick fred freddie fritz
gabriel gabe
gerald gerry jerry
gregory greg
harold harry hal
henry harry hank hal
isaac ike
jacob jake
james jim jimmy jamie
janet jan
jeffrey jeff geoffrey
jennifer jen jenny jenn
jessica jess jessie
jonathan jon jonny
john jack johnny jon
joseph joe joey
joshua josh
judith judy
katherine kate kathy katie kat catherine kathryn
kenneth ken kenny
kimberly kim
lawrence larry laurence
leonard len lenny leo
lucas luke
margaret maggie meg peggy marge margie greta daisy
matthew matt
michael mike mick mickey mikey
millicent millie
nathan nate
nathaniel nate nat
nicholas nick nicky
pamela pam
patricia pat patty tricia trish
patrick pat paddy
peter pete
philip phil phillip
rebecca becky becca
richard rick dick rich richie ricky
robert bob rob bobby robbie bert
ronald ron ronnie
samantha sam sammy
samuel sam sammy
sandra sandy
stephen steve stevie steven
susan sue susie suzanne
theodore ted teddy theo
thomas tom tommy
timothy tim timmy
valerie val
victoria vicky tori
vincent vince vinny
walter walt wally
william bill billy will willy liam
zachary zach zack
`;

/** Nickname or variant → the formal names it may stand for (formal names map to themselves). */
export function buildNicknameIndex(): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const add = (name: string, formal: string) => {
    const known = index.get(name);
    if (!known) index.set(name, [formal]);
    else if (!known.includes(formal)) known.push(formal);
  };
  for (const line of table.split('\n')) {
    const names = line.trim().split(/\s+/).filter(Boolean);
    const formal = names[0];
    if (!formal) continue;
    for (const name of names) add(name, formal);
  }
  return index;
}
