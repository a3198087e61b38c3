// Name lists, most frequent first: order is the weight (see Weighted.ranked). Faker's
// lists are unweighted and American-leaning, so they only supply part of the long tail;
// the head of each distribution is here. Spellings keep their accents and apostrophes on purpose:
// search has to fold them.

export const BRITISH = {
	child: {
		male: "Oliver Noah George Harry Jack Leo Arthur Oscar Charlie Jacob Alfie Freddie Theo Thomas Henry William Archie Joshua James Isaac Riley Lucas Tommy Alexander Max Ethan Logan Mason Teddy Finley Daniel Samuel Joseph Reggie Dylan Harrison Tyler Jayden Kai Callum Lewis Ryan Liam Ben Frankie Louie Albie Ronnie Jaxon Harley Bobby Jenson Ollie Rory Toby Edward Benjamin Sebastian Elliot Jake Luke Connor Kyle Bradley Nathan Aaron Jamie Cameron Owen Zachary Matthew Adam Frederick Hugo Stanley Ezra Luca Elijah Jude Sonny Billy Alex Michael Hunter Robert Nicholas Christopher Jonathan Anthony Richard Oakley Rowan Jasper Felix Arlo Albert Louis Carter Roman Hudson Ralph Finn Jesse Blake Austin Caleb Jayce Kian Alfred Ted Hayden Nathaniel Spencer Leon Brandon Ashton Kieran Morgan Evan Ellis Charles Harvey Ruben Gabriel Olly Jackson Dexter Jenson Alfie-James Tristan Corey Marley Preston Jax Otis Milo Rupert Lennon Brody Ellis",
		female:
			"Olivia Amelia Isla Ava Lily Freya Mia Ivy Florence Isabella Sophia Grace Poppy Evie Ella Rosie Sienna Willow Daisy Emily Jessica Chloe Ruby Sophie Lacey Millie Scarlett Harper Evelyn Phoebe Matilda Elsie Lola Maisie Holly Megan Charlotte Katie Lucy Hannah Ellie Amber Paige Courtney Leah Madison Summer Skye Esme Layla Darcie Gracie Zoë Abigail Eleanor Elizabeth Katherine Rebecca Victoria Samantha Alexandra Jennifer Alice Ellie-Mae Lexi Aria Bella Molly Erin Imogen Eliza Harriet Darcey Tilly Lottie Mollie Keira Jasmine Nevaeh Sofia Isabelle Margaret Mila Luna Ada Hallie Orla Thea Violet Penelope Emilia Aurora Maya Ayla Eden Ruby-Rose Robyn Heidi Nancy Edith Beatrice Clara Iris Georgia Bonnie Niamh Maddison Kayla Lydia Tia Caitlin Bethany Macie Annabelle Rose Elodie Aisling Serena Kacey Brooke Elise Lilly Amelie Francesca Naomi Hope Faith Elena Isabel",
	},
	adult: {
		male: "David Daniel James Christopher Michael Matthew Andrew Mark Paul Richard Robert Thomas Steven Lee Craig Jamie Ryan Adam Ashley Darren Dean Wayne Gary Carl Scott Jason Luke Jonathan Nicholas Stuart Kevin Liam Aaron Kieran Jordan Joshua Samuel Benjamin Joseph William Anthony Alexander Edward Sean Shaun Martin Simon Neil Peter John Stephen Philip Ben Tom Kyle Jake Connor Bradley Nathan Callum Dale Ricky Danny Terry Jay Tony Karl Gavin Ross Sam Harry Charlie Glenn Marc Damien Jack Jonny Alan Graham Barry Keith Ian Russell Trevor Clive Duncan Elliot Jacob Jordan George Reece Rhys Tyler Josh Dominic Joel Marcus Oliver Leon Robbie Sonny",
		female:
			"Sarah Emma Laura Claire Lisa Rebecca Gemma Nicola Kelly Stacey Hayley Samantha Amy Jessica Charlotte Louise Rachel Victoria Jennifer Katherine Elizabeth Danielle Leanne Kirsty Natalie Sophie Lauren Zoe Jade Chloe Kayleigh Stephanie Michelle Joanne Donna Tracey Amanda Helen Kerry Hannah Megan Shannon Melissa Alexandra Catherine Emily Lucy Holly Amber Toni Sharon Karen Kimberley Carly Chantelle Jodie Abbie Georgina Rosie Becky Kate Katie Renée Chloé Siân Vicky Jenna Gemma-Louise Lindsey Anna Kirsten Charlene Adele Sadie Ella Olivia Naomi Bethany Courtney Paige Jasmine Ellie Leah Demi Sophie-Louise Billie Keeley Tanya Sasha Lucy-Ann Kim Sinead Marie Jemma Nadine",
	},
	elder: {
		male: "John David Michael Peter Stephen Paul Robert Richard Alan Keith Brian Anthony Christopher Ian Graham Kevin Terence Roy Barry Trevor William James George Raymond Colin Derek Malcolm Philip Nigel Kenneth Gary Mark Andrew Martin Geoffrey Dennis Ronald Frederick Edward Patrick Tony Steve Leslie Norman Stuart Clive Gordon Neil Roger Howard Dave Mick Ray Bernard Victor Douglas Allan Russell",
		female:
			"Susan Linda Christine Margaret Janet Patricia Carol Elizabeth Mary Anne Karen Julie Jacqueline Deborah Sandra Jennifer Lynne Pauline Gillian Denise Wendy Katherine Kathleen Jean Valerie Tracey Elaine Barbara Brenda Sheila Maureen Diane Angela Lorraine Dawn Joanne Alison Sharon Beverley Shirley Jane Sally Sue Jackie Debbie Lesley Carole Glenys Marilyn Rosemary Hazel Helen Judith Heather Yvonne Teresa Ann Josephine Irene Joan",
	},
	family:
		"Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ross Cole Reid Fox Payne Spencer Hart Stone Pilcher Hoad Kemp Wenham Relf Goodsell Pilbeam Hollands Ashdown Gower Finn Tapp Bassett Sayer Austen Gibson Wells Lawrence Ryan Webster Hudson Armstrong Hunter Burton Ball Gardner Walsh Dean Chambers Lane Hamilton Day Knowles Berry Hayes Pearce Saunders Sutton Holland Atkinson Gill Newman Hopkins Burns Bishop Barrett Brooks Carr Reynolds Griffin Hawkins Francis Lowe Marsh Jennings Howard Wallace Andrews Fletcher Nicholson Poole Rose Dawson Coleman Lamb Bradley Elliott Kennedy Rees Page Booth Lambert Farrell Lucas Walters Burgess Hardy Woods Sharp Gordon Stewart Watts Jordan Sanders Moss Norris Cunningham Bird Barber Freeman Gregory Blake Slater Henderson Thorpe Stephens Tucker Doyle Perry Sims Lynch Jarvis Bond Newton Oliver Buckley Ramsey Hayward Brennan Perkins Howe Pratt Skinner Nash Waters Brady Parsons Cross Abbott Fuller Pritchard Riley Kirby Goddard Frost Ingram Sheppard Akhurst Bourne Bowles Collard Dadson Epps Friend Godden Hogben Kingsnorth Marsh Neame Rigden Sidders Tong Wraight",
	/** Syllables English surnames are built from, for a long tail no list could hold. */
	prefixes:
		"Ash Brad Black Brook Cald Crom Dun Elm Fair Green Hart Hazel Hol Kings Lang Marl Mid Mill North Oak Rad Red Ship Stan Staple Thorn Wake Wal West Whit Wood Win Bam Cart Hey Rush Sand Brent Dray Kel",
	suffixes:
		"ford ley worth well wood field ton ham by dale combe croft den hurst more stead wick ridge bourne gate cott lock mere hill",
};

export const IRISH = {
	male: "Patrick Sean Conor Ciarán Declan Niall Liam Cian Oisín Darragh Eoin Michael John Kevin Seán Cathal",
	female: "Siobhan Niamh Aoife Sinéad Ciara Orla Róisín Saoirse Mary Aisling Caoimhe Bridget Clodagh Gráinne",
	family:
		"Murphy Kelly O'Brien O'Sullivan Byrne Ryan O'Connor Walsh McCarthy Doyle O'Neill Gallagher Kennedy Lynch Quinn Brennan Fitzgerald Doherty O'Reilly Nolan O'Donnell McLaughlin",
};

export const TRAVELLER = {
	male: "John Johnny Patrick Michael Martin Thomas Tyson Jimmy Billy Levi Mikey Joe Paddy Francie Henry",
	female: "Mary Bridget Margaret Kathleen Winnie Shannon Lacey Kayleigh Nora Ellen Chelsea Tiffany Britney Dolly",
	family:
		"Ward McDonagh Doherty Joyce Connors McGinley Maughan Lee Smith Price Lovell Boswell Cooper Loveridge Stokes Gaskin McCann Buckley",
};

export const EUROPEAN = {
	male: "João José Tiago Marco Luca Álvaro Jonas Lukas Théo Bence Georgi Andrius Matteo Diogo Mateo Ádám Nikolai Emre",
	female: "Inês Beatriz Giulia Lucía Léa Chloé Ieva Gabija Zsófia Desislava Sofia Ana Martina Elif Maria Noémie",
	family:
		"Silva Santos Ferreira Pereira Gonçalves Rossi Russo Esposito García Martínez Dubois Lefèvre Nagy Kovács Ivanov Petrauskas Kazlauskas Costa Rodrigues Papadopoulos Müller",
};

export const CARIBBEAN = {
	male: "Tyrone Jermaine Marcus Andre Kemar Leon Delroy Winston Devon Nathaniel Jerome Malachi Isaiah Kai Zion Elijah Joshua Daniel Tyrese Curtis",
	female:
		"Shanice Jada Aaliyah Tia Kiara Nia Simone Marcia Beverley Jasmine Amara Imani Chantelle Keisha Tanisha Michelle Paulette",
	family:
		"Campbell Brown Williams Thomas Grant Francis Clarke Bailey Reid Johnson Henry Lewis Edwards Robinson Walker Morgan Gordon Allen James Powell Wright Green Baptiste Gayle McKenzie Samuels Forbes Blake",
};

export const WEST_AFRICAN_CHRISTIAN = {
	male: "David Daniel Samuel Emmanuel Michael Joshua Joseph Victor Godwin Peter",
	female: "Blessing Precious Favour Grace Esther Mercy Deborah Joy Gift Comfort",
};

export const EAST_AFRICAN = {
	male: "Mohamed Abdi Ahmed Hassan Ali Omar Abdirahman Yusuf Ibrahim Mustafa Abdullahi Liban Filmon Semere Dawit",
	female: "Amina Fadumo Hodan Hibo Sagal Ayan Ifrah Naima Sahra Deeqa Layla Hamdi Senait Selam Helen",
	family:
		"Mohamed Abdi Ahmed Hassan Ali Omar Farah Warsame Yusuf Osman Jama Hersi Egal Tesfaye Haile Kidane Berhane Yohannes",
};

export const INDIAN = {
	male: "Arjun Aarav Rohan Krish Vihaan Dev Rahul Amit Sanjay Raj Vikram Nikhil Ravi Jay Anil Suresh Vivek",
	female: "Priya Anaya Riya Diya Isha Kavya Pooja Neha Anjali Meera Sita Asha Nisha Shreya Hema",
	family:
		"Patel Shah Sharma Kumar Mistry Parmar Chauhan Joshi Desai Mehta Pillai Nair Gupta Lad Solanki Chohan Rana Verma Varsani Hirani",
};

export const SIKH = {
	male: "Gurpreet Harpreet Jaswinder Manpreet Amrit Jaspal Harjit Kuldeep Arjan Jasdeep Sukhdeep Ranveer Navdeep",
	female: "Gurpreet Harpreet Simran Jaspreet Manpreet Amrit Navneet Kiran Rajvinder Harleen Jasleen Amarjit",
	family: "Gill Sandhu Sidhu Dhillon Grewal Bains Johal Sangha Virdi Bassi Atwal Kang Sohal Randhawa Hayer",
};

export const MUHAMMAD = ["Muhammad", "Mohammed", "Mohammad", "Mohamed"];

export const PAKISTANI = {
	male: "Ayaan Ibrahim Yusuf Zain Hamza Ali Ahmed Abdullah Bilal Imran Tariq Asif Usman Adam Musa Haris Rayyan Zakariya Umar Faisal Kamran Shahid Nadeem Amir Sajid Arslan",
	female:
		"Aisha Fatima Zainab Maryam Hafsa Inaya Aleena Amina Khadija Hania Anaya Noor Sana Ayesha Nadia Shazia Saima Samina Rabia Bushra Iqra Mehwish Sadia Nazia",
	family:
		"Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Shah Butt Mirza Malik Rashid Aslam Javed Raza Riaz Anwar Hanif Saleem Chaudhry Qureshi Rehman Sadiq Nawaz Bashir",
};

export const BANGLADESHI = {
	male: "Abdul Ayaan Rayan Ibrahim Mahir Arif Shahid Jamal Rahim Sayed Tanvir Imran Rubel Shafiq Yahya",
	female: "Fatima Aisha Tasnim Sumaiya Nusrat Ruksana Shirin Sultana Jannat Maryam Salma Farzana Taslima Rumana Sadia",
	family: "Miah Uddin Islam Rahman Ahmed Hussain Ali Khan Hoque Chowdhury Ullah Alam Akhtar Haque Karim Sarkar Amin",
};

// Kent's other Asian families, in this order: Nepali (Gurkha families near Folkestone and Ashford),
// Sri Lankan Tamil, Afghan and Filipino.
export const OTHER_ASIAN = [
	{
		male: "Bishal Suraj Prakash Anish Sagar Rajesh Dipesh Kiran",
		female: "Sabina Sushma Anjali Srijana Puja Sunita Bimala",
		family: "Gurung Rai Limbu Tamang Thapa Magar Pun Shrestha",
	},
	{
		male: "Tharshan Kajan Sivakumar Rajan Niroshan Mathan",
		female: "Thivya Kavitha Nirmala Sharmila Tharani",
		family: "Kanagaratnam Sivapalan Rajendran Thiruchelvam Nadarajah Selvarajah",
	},
	{
		male: "Ahmad Farhad Mustafa Sayed Hamid Rahim Zabihullah",
		female: "Zahra Mursal Freshta Maryam Parisa Nilofar",
		family: "Ahmadi Rahimi Karimi Sultani Popal Hakimi Noori Safi",
	},
	{
		male: "Mark Jose Angelo Carlo Paolo",
		female: "Maria Kristine Angelica Joy Rhea",
		family: "Santos Reyes Cruz Bautista Garcia Mendoza Villanueva",
	},
];

export const CHINESE = {
	male: "Ethan Jason Ryan Kevin Wei Jun Hao Yi Zhi Ming Jian Daniel",
	female: "Chloe Jessica Grace Emily Mei Xin Jing Yan Yu Hui Lily",
	family: "Wang Li Zhang Chen Liu Wong Chan Lam Cheung Ng Lin Yang Huang Zhao Wu Zhou Ho Leung Tang Lau",
};

export const MIDDLE_EASTERN = {
	male: "Omar Yusuf Ahmad Ali Karim Hassan Mohammad Reza Dara Karwan Rebwar Emre Mehmet Amir Hussein",
	female: "Sara Layla Noor Maryam Zahra Fatemeh Shirin Rojin Hana Elif Zeynep Dilan Yasmin",
	family:
		"Hassan Ibrahim Abdullah Mahmoud Saleh Hamid Karimi Mohammadi Hosseini Rezaei Aziz Yılmaz Demir Kaya Öztürk Şahin Çelik Rashid Saeed Mustafa Abbas Hussein",
};

/** Formal given names and the short forms people use for them (first one most common). */
export const NICKNAMES: Record<string, readonly string[]> = {
	Robert: ["Bob", "Rob", "Bobby", "Robbie"],
	William: ["Will", "Bill", "Billy"],
	Katherine: ["Kate", "Katie", "Kathy"],
	Catherine: ["Cathy", "Kate", "Cath"],
	Elizabeth: ["Liz", "Beth", "Lizzie", "Libby"],
	Margaret: ["Maggie", "Peggy", "Meg"],
	Richard: ["Rich", "Rick", "Richie"],
	James: ["Jim", "Jimmy", "Jamie"],
	Michael: ["Mike", "Mikey", "Mick"],
	Thomas: ["Tom", "Tommy"],
	Alexander: ["Alex", "Xander"],
	Daniel: ["Dan", "Danny"],
	Christopher: ["Chris"],
	Jonathan: ["Jon", "Jonny"],
	Matthew: ["Matt"],
	Nicholas: ["Nick", "Nicky"],
	Samuel: ["Sam", "Sammy"],
	Benjamin: ["Ben", "Benji"],
	Joseph: ["Joe", "Joey"],
	Edward: ["Ed", "Eddie", "Ted"],
	Anthony: ["Tony", "Ant"],
	Charlotte: ["Charlie", "Lottie"],
	Jessica: ["Jess", "Jessie"],
	Rebecca: ["Becky", "Becca"],
	Victoria: ["Vicky", "Tori"],
	Jennifer: ["Jenny", "Jen"],
	Alexandra: ["Alex", "Lexi", "Sasha"],
	Samantha: ["Sam", "Sammy"],
	Olivia: ["Liv", "Livvy"],
	Isabella: ["Bella", "Izzy"],
	Isabelle: ["Izzy", "Belle"],
	Abigail: ["Abbie", "Abby"],
	Eleanor: ["Ellie", "Nell"],
	Frederick: ["Fred", "Freddie"],
	Henry: ["Harry", "Hal"],
	Oliver: ["Ollie"],
	Theodore: ["Theo", "Teddy"],
	Zachary: ["Zach", "Zac"],
	Joshua: ["Josh"],
	Nathaniel: ["Nate", "Nat"],
	Nathan: ["Nate"],
	Stephen: ["Steve"],
	Steven: ["Steve"],
	Andrew: ["Andy", "Drew"],
	David: ["Dave", "Davey"],
	Peter: ["Pete"],
	Kenneth: ["Ken", "Kenny"],
	Terence: ["Terry"],
	Raymond: ["Ray"],
	Ronald: ["Ron", "Ronnie"],
	Patrick: ["Pat", "Paddy"],
	Philip: ["Phil"],
	Susan: ["Sue", "Susie"],
	Patricia: ["Pat", "Trish"],
	Deborah: ["Debbie", "Debs"],
	Jacqueline: ["Jackie"],
	Christine: ["Chrissie"],
	Kimberley: ["Kim"],
	Stephanie: ["Steph"],
	Natalie: ["Nat"],
	Nicola: ["Nicky", "Nic"],
	Danielle: ["Dani"],
	Joanne: ["Jo"],
	Kathleen: ["Kath", "Kathy"],
	Amanda: ["Mandy"],
	Melissa: ["Mel"],
	Louise: ["Lou"],
	Harriet: ["Hattie"],
	Matilda: ["Tilly"],
	Florence: ["Flo", "Florrie"],
	Georgina: ["Georgie", "Gina"],
	Jacob: ["Jake"],
	Cameron: ["Cam"],
	Callum: ["Cal"],
	Sebastian: ["Seb"],
	Gemma: ["Gem"],
	Hannah: ["Han"],
	Megan: ["Meg"],
	Amelia: ["Millie", "Mia"],
	Ellie: ["Elle"],
	Sophia: ["Sophie", "Sophy"],
	Evelyn: ["Evie"],
	Lucas: ["Luke"],
	Archibald: ["Archie"],
	Alfred: ["Alfie", "Alf"],
	Albert: ["Albie", "Bert"],
	Reginald: ["Reggie"],
	Stanley: ["Stan"],
	Maximilian: ["Max"],
	Harrison: ["Harry"],
	Gabriel: ["Gabe"],
	Dominic: ["Dom"],
	Gregory: ["Greg"],
	Lawrence: ["Laurie", "Larry"],
	Leonard: ["Len", "Lenny"],
	Timothy: ["Tim"],
	Vincent: ["Vince"],
	Geoffrey: ["Geoff"],
	Frances: ["Fran"],
	Francesca: ["Fran", "Frankie"],
	Josephine: ["Jo", "Josie"],
	Penelope: ["Penny"],
	Beatrice: ["Bea"],
	Madison: ["Maddie"],
	Christina: ["Tina"],
	Valerie: ["Val"],
	Pamela: ["Pam"],
	Sandra: ["Sandy"],
	Gillian: ["Gill"],
	Lorraine: ["Lorrie"],
	Muhammad: ["Mo", "Mohammed"],
	Mohammed: ["Mo", "Muhammad"],
	Abdullahi: ["Abdi"],
	Abdirahman: ["Abdi"],
	Oluwaseun: ["Seun"],
	Oluwadamilare: ["Dami"],
	Temitope: ["Tope"],
	Funmilayo: ["Funmi"],
	Chukwuemeka: ["Emeka"],
	Gurpreet: ["Preet"],
	Jaswinder: ["Jas"],
	Seán: ["Sean", "Shaun"],
	Ciarán: ["Ciaran", "Kieran"],
	Zoë: ["Zoe"],
	Małgorzata: ["Gosia", "Małgosia"],
	Katarzyna: ["Kasia"],
	Aleksandra: ["Ola"],
};
