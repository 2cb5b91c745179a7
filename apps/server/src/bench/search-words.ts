/**
 * Word lists for the search benchmark's CRM data and note-like texts. The
 * most common entries come first: the data generator draws early indexes more
 * often, as real name frequencies do. Near-spellings on purpose (John, Jon,
 * Joan, Jane; Smith, Smyth, Schmidt) so that typo and phonetic matching face
 * real neighbours, and accented names (Zoë, Müller) so that folding is exercised.
 */

const split = (text: string): string[] => [...new Set(text.trim().split(/\s*,\s*/).filter((w) => w !== ''))];

export const firstNames = split(`
  John, Mary, James, Maria, Michael, Jennifer, Robert, Linda, David, Elizabeth, William, Patricia, Richard, Susan, Joseph, Jessica,
  Thomas, Sarah, Charles, Karen, Christopher, Nancy, Daniel, Lisa, Matthew, Margaret, Anthony, Betty, Mark, Sandra, Donald, Ashley,
  Steven, Dorothy, Paul, Kimberly, Andrew, Emily, Joshua, Donna, Kenneth, Michelle, Kevin, Carol, Brian, Amanda, George, Melissa,
  Edward, Deborah, Ronald, Stephanie, Timothy, Rebecca, Jason, Laura, Jeffrey, Sharon, Ryan, Cynthia, Jacob, Kathleen, Gary, Amy,
  Nicholas, Shirley, Eric, Angela, Jonathan, Helen, Stephen, Anna, Larry, Brenda, Justin, Pamela, Scott, Nicole, Brandon, Samantha,
  Benjamin, Katherine, Samuel, Emma, Gregory, Ruth, Frank, Christine, Alexander, Catherine, Raymond, Debra, Patrick, Rachel, Jack,
  Carolyn, Dennis, Janet, Jerry, Virginia, Tyler, Heather, Aaron, Diane, Jose, Julie, Adam, Joyce, Henry, Victoria, Nathan, Olivia,
  Douglas, Kelly, Zachary, Christina, Peter, Lauren, Kyle, Joan, Walter, Evelyn, Ethan, Judith, Jeremy, Megan, Harold, Cheryl, Keith,
  Andrea, Christian, Hannah, Roger, Martha, Noah, Jacqueline, Gerald, Frances, Carl, Gloria, Terry, Ann, Sean, Teresa, Austin, Kathryn,
  Arthur, Sara, Lawrence, Janice, Jesse, Jean, Dylan, Alice, Bryan, Madison, Joe, Doris, Jordan, Abigail, Billy, Julia, Bruce, Judy,
  Albert, Grace, Willie, Denise, Gabriel, Amber, Logan, Marilyn, Alan, Beverly, Juan, Danielle, Wayne, Theresa, Roy, Sophia, Ralph,
  Marie, Randy, Diana, Eugene, Brittany, Vincent, Natalie, Russell, Isabella, Elijah, Charlotte, Louis, Rose, Bobby, Alexis, Philip,
  Kayla, Johnny, Jane, Jon, Zoë, Chloé, Renée, José, François, Søren, Björn, Jürgen, Günther, Łukasz, Ana, Lucía, Mateo, Sofía, Camila,
  Diego, Valentina, Santiago, Lucas, Léa, Hugo, Inès, Louise, Jules, Matteo, Giulia, Francesco, Chiara, Lorenzo, Alessandro, Elena,
  Hans, Klaus, Anke, Katrin, Stefan, Monika, Lars, Ingrid, Nils, Astrid, Mikael, Elin, Pieter, Sanne, Daan, Femke, Jan, Eva, Piotr,
  Agnieszka, Tomasz, Katarzyna, Ivan, Olga, Dmitri, Natasha, Yuki, Hiroshi, Aiko, Kenji, Wei, Mei, Li, Jun, Priya, Arjun, Ananya,
  Rahul, Fatima, Omar, Aisha, Ahmed, Leila, Yusuf, Amara, Kwame, Chidi, Ngozi, Sean, Siobhan, Aoife, Liam, Niamh, Connor, Declan,
  Ewan, Isla, Callum, Fiona, Rhys, Cerys, Owen, Megan, Jonah, Joanne, Joanna, Johanna, Janet, Jana, Jeanne, Juana, Joann, Jayne,
  Gianni, Jonas, Johan, Giovanni, Ian, Evan, Sebastian, Maximilian, Felix, Oskar, Emil, Greta, Frida, Tove, Malin
`);

export const lastNames = split(`
  Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernandez, Lopez, Gonzalez, Wilson, Anderson,
  Thomas, Taylor, Moore, Jackson, Martin, Lee, Perez, Thompson, White, Harris, Sanchez, Clark, Ramirez, Lewis, Robinson, Walker,
  Young, Allen, King, Wright, Scott, Torres, Nguyen, Hill, Flores, Green, Adams, Nelson, Baker, Hall, Rivera, Campbell, Mitchell,
  Carter, Roberts, Gomez, Phillips, Evans, Turner, Diaz, Parker, Cruz, Edwards, Collins, Reyes, Stewart, Morris, Morales, Murphy,
  Cook, Rogers, Gutierrez, Ortiz, Morgan, Cooper, Peterson, Bailey, Reed, Kelly, Howard, Ramos, Kim, Cox, Ward, Richardson, Watson,
  Brooks, Chavez, Wood, James, Bennett, Gray, Mendoza, Ruiz, Hughes, Price, Alvarez, Castillo, Sanders, Patel, Myers, Long, Ross,
  Foster, Jimenez, Powell, Jenkins, Perry, Russell, Sullivan, Bell, Coleman, Butler, Henderson, Barnes, Gonzales, Fisher, Vasquez,
  Simmons, Romero, Jordan, Patterson, Alexander, Hamilton, Graham, Reynolds, Griffin, Wallace, Moreno, West, Cole, Hayes, Bryant,
  Herrera, Gibson, Ellis, Tran, Medina, Aguilar, Stevens, Murray, Ford, Castro, Marshall, Owens, Harrison, Fernandez, McDonald,
  Woods, Washington, Kennedy, Wells, Vargas, Henry, Chen, Freeman, Webb, Tucker, Guzman, Burns, Crawford, Olson, Simpson, Porter,
  Hunter, Gordon, Mendez, Silva, Shaw, Snyder, Mason, Dixon, Munoz, Hunt, Hicks, Holmes, Palmer, Wagner, Black, Robertson, Boyd,
  Rose, Stone, Salazar, Fox, Warren, Mills, Meyer, Rice, Schmidt, Garza, Daniels, Ferguson, Nichols, Stephens, Soto, Weaver, Ryan,
  Gardner, Payne, Grant, Dunn, Kelley, Spencer, Hawkins, Arnold, Pierce, Vazquez, Hansen, Peters, Santos, Hart, Bradley, Knight,
  Elliott, Cunningham, Duncan, Armstrong, Hudson, Carroll, Lane, Riley, Andrews, Alvarado, Ray, Delgado, Berry, Perkins, Hoffman,
  Johnston, Matthews, Pena, Richards, Contreras, Willis, Carpenter, Lawrence, Sandoval, Guerrero, George, Chapman, Rios, Estrada,
  Ortega, Watkins, Greene, Nunez, Wheeler, Valdez, Harper, Burke, Larson, Santiago, Maldonado, Morrison, Franklin, Carlson, Austin,
  Dominguez, Carr, Lawson, Jacobs, Obrien, Lynch, Singh, Vega, Bishop, Montgomery, Oliver, Jensen, Harvey, Williamson, Gilbert, Dean,
  Sims, Espinoza, Howell, Li, Wong, Reid, Hanson, Le, McCoy, Garrett, Burton, Fuller, Wang, Weber, Welch, Rojas, Lucas, Marquez,
  Fields, Park, Yang, Little, Banks, Padilla, Day, Walsh, Bowman, Schultz, Luna, Fowler, Mejia, Davidson, Acosta, Brewer, May,
  Holland, Juarez, Newman, Pearson, Curtis, Cortez, Douglas, Schneider, Joseph, Barrett, Navarro, Figueroa, Keller, Avila, Wade,
  Molina, Stanley, Hopkins, Campos, Barnett, Bates, Chambers, Caldwell, Beck, Lambert, Miranda, Byrd, Craig, Ayala, Lowe, Frazier,
  Powers, Neal, Leonard, Gregory, Carrillo, Sutton, Fleming, Rhodes, Shelton, Schwartz, Norris, Jennings, Watts, Duran, Walters,
  Cohen, McDaniel, Moran, Parks, Steele, Vaughn, Becker, Holt, Deleon, Barker, Terry, Hale, Leon, Hail, Benson, Haynes, Horton,
  Miles, Lyons, Pham, Graves, Bush, Thornton, Wolfe, Warner, Cabrera, McKinney, Mann, Zimmerman, Dawson, Lara, Fletcher, Page,
  McCarthy, Love, Robles, Cervantes, Solis, Erickson, Reeves, Chang, Klein, Salinas, Fuentes, Baldwin, Daniel, Simon, Velasquez,
  Hardy, Higgins, Aguirre, Lin, Cummings, Chandler, Sharp, Barber, Bowen, Ochoa, Dennis, Robbins, Liu, Ramsey, Francis, Griffith,
  Paul, Blair, Oconnor, Cardenas, Pacheco, Cross, Calderon, Quinn, Moss, Swanson, Chan, Rivas, Khan, Rodgers, Serrano, Fitzgerald,
  Rosales, Stevenson, Christensen, Manning, Gill, Curry, McLaughlin, Harmon, McGee, Gross, Doyle, Garner, Newton, Burgess, Reese,
  Walton, Blake, Trujillo, Adkins, Brady, Goodman, Roman, Webster, Goodwin, Fischer, Huang, Potter, Delacruz, Montoya, Todd, Wu,
  Hines, Mullins, Castaneda, Malone, Cannon, Tate, Mack, Sherman, Hubbard, Hodges, Zhang, Guerra, Wolf, Valencia, Saunders, Franco,
  Rowe, Gallagher, Farmer, Hammond, Hampton, Townsend, Ingram, Wise, Gallegos, Clarke, Barton, Schroeder, Maxwell, Waters, Logan,
  Camacho, Strickland, Norman, Person, Colon, Parsons, Frank, Harrington, Glover, Osborne, Buchanan, Casey, Floyd, Patton, Ibarra,
  Ball, Tyler, Suarez, Bowers, Orozco, Salas, Cobb, Gibbs, Andrade, Bauer, Conner, Moody, Escobar, McGuire, Lloyd, Mueller, Hartman,
  French, Kramer, McBride, Pope, Lindsey, Velazquez, Norton, McCormick, Sparks, Flynn, Yates, Hogan, Marsh, Macias, Villanueva,
  Zamora, Pratt, Stokes, Owen, Ballard, Lang, Brock, Villarreal, Charles, Drake, Barrera, Cain, Patrick, Pineda, Burnett, Mercado,
  Santana, Shepherd, Bautista, Ali, Shaffer, Lamb, Trevino, McKenzie, Hess, Beil, Olsen, Cochran, Morton, Nash, Wilkins, Petersen,
  Briggs, Shah, Roth, Nicholson, Holloway, Lozano, Smyth, Smithe, Schmitt, Müller, Meier, Mayer, Maier, Schäfer, Köhler, Weiß,
  Jäger, Groß, Lefèvre, Dubois, Moreau, Laurent, Girard, Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino,
  Jansen, de Vries, van Dijk, Bakker, Visser, Smit, Nilsson, Johansson, Andersson, Karlsson, Eriksson, Larsen, Nielsen, Kowalski,
  Nowak, Wiśniewski, Ivanov, Petrov, Sato, Suzuki, Takahashi, Tanaka, Watanabe, O'Brien, O'Connor, McAllister, Fitzpatrick
`);

export const jobTitles = [
  'Sales Engineer', 'Account Executive', 'VP Sales', 'Sales Manager', 'Marketing Manager', 'Director of Marketing', 'CEO', 'CTO', 'CFO', 'COO',
  'Founder', 'Co-Founder', 'Head of Operations', 'Operations Manager', 'Procurement Manager', 'Purchasing Director', 'IT Manager', 'IT Director',
  'Software Engineer', 'Senior Software Engineer', 'Engineering Manager', 'Product Manager', 'Product Designer', 'Data Analyst', 'Data Scientist',
  'Customer Success Manager', 'Support Lead', 'HR Manager', 'Recruiter', 'Office Manager', 'Financial Controller', 'Accountant',
  'Business Development Representative', 'Partner Manager', 'General Counsel', 'Legal Counsel', 'Logistics Coordinator', 'Supply Chain Manager',
  'Plant Manager', 'Quality Assurance Lead',
];

/** Company name stems; index 0 with suffix 0 is "Acme Corp" (acme.com), a known target. */
export const companyStems = split(`
  Acme, Globex, Initech, Umbrella, Stark, Wayne, Hooli, Vandelay, Soylent, Cyberdyne, Tyrell, Wonka, Gringotts, Oscorp, Nakatomi,
  Massive Dynamic, Aperture, Black Mesa, Monarch, Pied Piper, Dunder Mifflin, Sterling Cooper, Prestige, Bluth, Krusty, Duff, Vehement,
  Gekko, Rekall, Weyland, Virtucon, Spacely, Cogswell, Zorg, Ollivander, Blammo, Contoso, Fabrikam, Northwind, Tailspin, Woodgrove,
  Litware, Proseware, Adventure Works, Wingtip, Fourth Coffee, Alpine, Lucerne, Margie, Trey, Coho, Datum, Humongous, Bellows, Graphic,
  Southridge, Wide World, Blue Yonder, Lamna, Tasman, Orion, Zenith, Apex, Summit, Pinnacle, Horizon, Vertex, Nimbus, Quantum, Vector,
  Nova, Stellar, Polaris, Aurora, Atlas, Titan, Helix, Matrix, Fusion, Catalyst, Keystone, Cornerstone, Bridgewater, Riverside,
  Lakeside, Harbor, Beacon, Lighthouse, Evergreen, Redwood, Oakridge, Pinecrest, Maple, Cedar, Willow, Birch, Aspen, Sequoia, Granite,
  Ironclad, Silverline, Goldleaf, Copperfield, Bronze, Cobalt, Indigo, Crimson, Scarlet, Emerald, Sapphire, Onyx, Obsidian, Amber,
  Ivory, Pearl, Coral, Falcon, Eagle, Hawk, Raven, Phoenix, Griffin, Dragon, Tiger, Lion, Wolf, Bear, Fox, Otter, Badger, Heron, Swift,
  Kestrel, Osprey, Condor, Pelican, Dolphin, Orca, Marlin, Stingray, Mustang, Bison, Elk, Moose, Lynx, Puma, Jaguar, Panther, Cheetah,
  Gazelle, Zebra, Koala, Panda, Meridian, Equinox, Solstice, Vantage, Paramount, Sovereign, Regal, Crown, Empire, Dominion, Liberty,
  Patriot, Pioneer, Frontier, Voyager, Explorer, Navigator, Compass, Anchor, Harborview, Clearwater, Bluewater, Stonebridge, Fairview,
  Westfield, Eastgate, Northgate, Southgate, Brightside, Sunrise, Sunset, Moonstone, Starlight, Skyline, Cloudbase, Dataflow, Netcore,
  Bytewise, Codeworks, Softbridge, Techno, Infinity, Omega, Alpha, Sigma, Delta, Gamma, Kappa, Lambda, Zeta, Theta
`);

/** Suffix 0 ("Corp") gives the bare domain: "Acme Corp" → acme.com, "Acme Labs" → acme-labs.com. */
export const companySuffixes = ['Corp', 'Inc', 'Ltd', 'Group', 'Labs', 'Systems', 'Holdings', 'Partners', 'Technologies', 'GmbH'];

/** Middle words once every stem and suffix pair is used: "Acme Logistics Corp". */
export const companySectors = ['Logistics', 'Health', 'Energy', 'Capital', 'Media', 'Foods', 'Robotics', 'Analytics', 'Consulting', 'Software', 'Retail', 'Security'];

export const industries = ['Software', 'Manufacturing', 'Healthcare', 'Logistics', 'Financial services', 'Retail', 'Education', 'Energy', 'Media', 'Construction', 'Telecommunications', 'Hospitality'];
export const companySizes = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'];
export const cities = ['Seattle', 'Chicago', 'Boston', 'Austin', 'Denver', 'New York', 'San Francisco', 'London', 'Berlin', 'Munich', 'Paris', 'Amsterdam', 'Rotterdam', 'Madrid', 'Milan', 'Stockholm', 'Copenhagen', 'Warsaw', 'Dublin', 'Toronto', 'Sydney', 'Tokyo', 'Singapore', 'Zürich'];
export const countries = ['US', 'US', 'US', 'US', 'US', 'US', 'US', 'GB', 'DE', 'DE', 'FR', 'NL', 'NL', 'ES', 'IT', 'SE', 'DK', 'PL', 'IE', 'CA', 'AU', 'JP', 'SG', 'CH'];
export const lifecycleStages = ['lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer'];
export const leadSources = ['website', 'referral', 'event', 'outbound', 'partner'];

/**
 * Topics for note-like texts: each has its own vocabulary, so LSA has
 * co-occurrence structure to learn, and shares a few words with its
 * neighbour, as real notes about pricing and contracts do.
 */
export const noteTopics: readonly (readonly string[])[] = [
  ['pricing', 'discount', 'quote', 'budget', 'invoice', 'payment', 'margin', 'license', 'seats', 'renewal', 'cost', 'annual'],
  ['contract', 'renewal', 'legal', 'signature', 'terms', 'clause', 'liability', 'redlines', 'procurement', 'agreement', 'counsel', 'review'],
  ['onboarding', 'training', 'workshop', 'kickoff', 'rollout', 'adoption', 'champions', 'enablement', 'playbook', 'session', 'users', 'handover'],
  ['outage', 'incident', 'downtime', 'escalation', 'ticket', 'bug', 'hotfix', 'latency', 'support', 'postmortem', 'severity', 'pager'],
  ['integration', 'api', 'webhook', 'sync', 'connector', 'salesforce', 'hubspot', 'export', 'import', 'mapping', 'fields', 'token'],
  ['security', 'compliance', 'audit', 'gdpr', 'soc2', 'encryption', 'questionnaire', 'pentest', 'privacy', 'retention', 'sso', 'legal'],
  ['shipping', 'warehouse', 'freight', 'delivery', 'pallet', 'customs', 'carrier', 'tracking', 'inventory', 'container', 'port', 'logistics'],
  ['hiring', 'recruiting', 'candidate', 'interview', 'offer', 'headcount', 'onsite', 'referral', 'salary', 'relocation', 'team', 'manager'],
  ['conference', 'booth', 'event', 'sponsorship', 'keynote', 'webinar', 'attendees', 'leads', 'badge', 'dinner', 'travel', 'agenda'],
  ['expansion', 'upsell', 'pilot', 'department', 'rollout', 'usage', 'growth', 'seats', 'champion', 'executive', 'sponsor', 'roadmap'],
  ['churn', 'cancellation', 'unhappy', 'complaint', 'refund', 'competitor', 'switch', 'risk', 'renewal', 'feedback', 'escalation', 'save'],
  ['analytics', 'dashboard', 'report', 'metrics', 'forecast', 'pipeline', 'quarter', 'revenue', 'kpi', 'cohort', 'trend', 'data'],
  ['hardware', 'device', 'sensor', 'firmware', 'factory', 'assembly', 'prototype', 'supplier', 'components', 'batch', 'defect', 'quality'],
  ['marketing', 'campaign', 'newsletter', 'brand', 'content', 'seo', 'launch', 'press', 'social', 'ads', 'audience', 'message'],
  ['finance', 'audit', 'tax', 'accounting', 'ledger', 'quarter', 'close', 'forecast', 'cash', 'treasury', 'controller', 'reporting'],
  ['healthcare', 'clinic', 'patients', 'hospital', 'records', 'hipaa', 'nurses', 'scheduling', 'pharmacy', 'claims', 'insurance', 'care'],
];

/** Words any note may use, whatever its topic. */
export const noteFillers = ['call', 'meeting', 'email', 'follow', 'next', 'week', 'update', 'discussed', 'agreed', 'asked', 'sent', 'scheduled', 'team', 'customer', 'account', 'plan', 'notes', 'status', 'question', 'options'];
