# ruff: noqa: E501  (prose: one paragraph per line reads and diffs best)
"""The demo site's articles: original explainers written for Byline.

Plain data, so the loader in :mod:`byline.demo.articles` stays short. Each article follows the shape
the site is built for: an introduction, four to six sections under their own headings, one or
two attributed pull quotes ("— Name, role"), a conclusion and a few questions and answers.
"""

CATEGORIES = [
    ("Health", "health", "How the body works, and what the evidence says about looking after it."),
    (
        "Money",
        "money",
        "Everyday money explained without jargon: saving, pay, borrowing, pensions.",
    ),
    (
        "Everyday life",
        "everyday-life",
        "Practical know-how for home, energy and the gadgets we live with.",
    ),
]

# Each section: (heading, [paragraphs], optional (quote, "Name, role")).
ARTICLES = [
    {
        "slug": "how-to-read-a-food-label",
        "title": "How to read a food label in under a minute",
        "category": "health",
        "tags": ["nutrition", "shopping", "explainer"],
        "summary": "Serving sizes, traffic lights and ingredient lists: what to look at first on a packet, and what you can safely skip.",
        "featured": True,
        "image": ("#0f766e", "#99f6e4", "Food labels"),
        "days_ago": 2,
        "intro": [
            "Most of us glance at a food label for a second, see a wall of numbers and put the packet in the trolley anyway. That is a shame, because the label answers the questions people actually ask: is this high in sugar, how much salt is in it, and is the portion on the front realistic?",
            "You do not need to read every line. Three checks, in the right order, tell you almost everything, and they take less time than finding the right queue at the checkout.",
        ],
        "sections": [
            (
                "Start with the serving size",
                [
                    "Every figure on the back of a pack is calculated for a serving that the manufacturer chooses. A bag of crisps might be labelled as two servings even though most people eat it in one go, which quietly halves every number you read.",
                    "Before you look at anything else, compare the stated serving with what you would really eat. If you would eat double, double the figures in your head.",
                ],
                None,
            ),
            (
                "Use the traffic lights for a quick verdict",
                [
                    "Many packets carry front-of-pack colours for fat, saturated fat, sugars and salt. Green means low, amber medium and red high, judged per 100 grams so that products can be compared fairly.",
                    "A mix of colours is normal. The useful habit is comparing two similar products on the shelf and picking the one with fewer reds, rather than trying to avoid red altogether.",
                ],
                (
                    "The traffic lights are not a verdict on the food, they are a way to compare two cereals in five seconds.",
                    "Dr Priya Nair, public health nutritionist",
                ),
            ),
            (
                "Read the first three ingredients",
                [
                    "Ingredients are listed by weight, largest first. Whatever appears in the first three places makes up most of what you are eating.",
                    "Sugar has many names on an ingredients list: glucose syrup, dextrose, fruit juice concentrate and honey all count. When several of them appear, the total can be high even if none of them is listed first.",
                ],
                None,
            ),
            (
                "Per 100 grams versus per portion",
                [
                    "The per 100 grams column exists so you can compare products of different sizes. The per portion column tells you what you actually eat. Use the first when choosing between products, and the second when thinking about your day.",
                ],
                None,
            ),
            (
                "What you can usually skip",
                [
                    "Claims such as “natural”, “wholesome” or “made with real fruit” are marketing rather than nutrition. They are not defined strictly enough to help you choose.",
                    "Percentages of reference intake are useful, but they are based on an average adult. Children, older people and very active people have different needs, so treat them as a rough guide.",
                ],
                (
                    "If a claim on the front sounds like an advert, turn the packet over. The numbers on the back are regulated; the adjectives are not.",
                    "Tom Ellery, trading standards officer",
                ),
            ),
        ],
        "conclusion": [
            "Serving size, traffic lights, first three ingredients: that is the whole routine. Once it becomes a habit it takes seconds, and it is the quickest way to notice when a “healthy” snack is nothing of the sort.",
        ],
        "faqs": [
            (
                "Is “no added sugar” the same as sugar-free?",
                "No. It means no sugar was added during manufacture, but the food can still contain a lot of naturally occurring sugar, as fruit juices do.",
            ),
            (
                "Why do some labels have no traffic lights?",
                "Front-of-pack colour coding is voluntary in many countries. The nutrition table on the back is the part that must appear.",
            ),
            (
                "What counts as high salt?",
                "As a rule of thumb, more than 1.5 g of salt per 100 g is high, and 0.3 g or less is low.",
            ),
        ],
    },
    {
        "slug": "what-a-fever-does",
        "title": "What a fever actually does, and when to worry",
        "category": "health",
        "tags": ["infections", "children", "explainer"],
        "summary": "A raised temperature is the body fighting back. Here is how it works, how to keep comfortable, and the signs that mean you should get help.",
        "image": ("#b45309", "#fde68a", "Fever"),
        "days_ago": 5,
        "intro": [
            "A fever feels like something going wrong, but it is usually the immune system doing its job. The brain deliberately raises the body's temperature to make life harder for viruses and bacteria.",
            "Knowing what a fever is for makes it easier to decide what to do about it, and when it is a sign of something that needs a doctor.",
        ],
        "sections": [
            (
                "The thermostat in your brain",
                [
                    "A small region of the brain called the hypothalamus keeps body temperature close to 37 °C. When the immune system detects an infection, it releases chemical messengers that turn this thermostat up.",
                    "That is why you shiver at the start of a fever: your body feels cold compared with its new target, so it generates heat until it gets there.",
                ],
                None,
            ),
            (
                "Why a higher temperature helps",
                [
                    "Many microbes multiply best at normal body temperature. A few degrees more slows them down, while some immune cells work faster in the heat.",
                ],
                (
                    "The number on the thermometer matters less than how the person looks and behaves. A child playing with a temperature of 39 is less worrying than a floppy child at 38.",
                    "Dr Samuel Osei, paediatric emergency doctor",
                ),
            ),
            (
                "Keeping comfortable",
                [
                    "Drink plenty, wear light clothing and rest. Paracetamol or ibuprofen can make you feel better; they are for comfort rather than to bring the number down at all costs.",
                    "Cold baths and sponging with cold water are no longer recommended: they cause shivering, which produces more heat.",
                ],
                None,
            ),
            (
                "Signs that mean get help now",
                [
                    "Seek urgent help for a rash that does not fade when you press a glass against it, a stiff neck, difficulty breathing, confusion or unusual drowsiness.",
                    "Babies under three months with a temperature of 38 °C or more should always be seen by a doctor the same day.",
                ],
                None,
            ),
            (
                "How long a fever should last",
                [
                    "Most fevers from common viral infections settle within three to five days. A fever that lasts longer, or comes back after seeming to go, deserves a call to your doctor.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "A fever is a symptom, not an illness. Watch the person rather than the thermometer, keep them drinking, and know the handful of warning signs that mean it is time to get help.",
        ],
        "faqs": [
            (
                "What temperature counts as a fever?",
                "For most people a temperature of 38 °C or above is considered a fever.",
            ),
            (
                "Should I wake a sleeping child to give medicine?",
                "Usually not. Sleep helps recovery, and fever medicine is for comfort.",
            ),
            (
                "Can teething cause a high fever?",
                "Teething can make babies a little warm, but it does not cause a high fever. Look for another cause.",
            ),
        ],
    },
    {
        "slug": "sleep-debt-weekend-catch-up",
        "title": "Sleep debt: can you really catch up at the weekend?",
        "category": "health",
        "tags": ["sleep", "explainer"],
        "summary": "Lying in on Saturday helps a little, but it does not wipe the slate clean. What research says about short nights and how to recover from them.",
        "image": ("#4338ca", "#c7d2fe", "Sleep debt"),
        "days_ago": 9,
        "intro": [
            "Five short nights followed by two long lie-ins is a pattern many working people know well. It feels like a fair trade, but the body keeps a more complicated account.",
            "Sleep researchers call the shortfall between the sleep you need and the sleep you get “sleep debt”. Some of it can be repaid; some of it, it seems, cannot.",
        ],
        "sections": [
            (
                "What sleep debt is",
                [
                    "Most adults need between seven and nine hours a night. Sleep six hours for a working week and you are roughly five to ten hours short by Friday.",
                    "The effects build up quietly. People who are chronically short of sleep often rate themselves as fine while their reaction times and concentration steadily get worse.",
                ],
                None,
            ),
            (
                "What a lie-in repairs",
                [
                    "A couple of longer nights do restore alertness and mood. You will feel better on Sunday than you did on Friday morning, and that is real.",
                ],
                (
                    "Weekend recovery sleep is like paying the minimum on a credit card. It stops things getting worse, but the balance is still there.",
                    "Dr Hannah Lowe, sleep researcher",
                ),
            ),
            (
                "What it does not",
                [
                    "Studies that compared regular sleepers with people who caught up at weekends found that the catch-up group still had worse blood sugar control and ate more in the evenings.",
                    "Long lie-ins also shift your body clock later, which makes it harder to fall asleep on Sunday night and starts the next week with a deficit.",
                ],
                None,
            ),
            (
                "Repaying the debt gently",
                [
                    "Rather than one long lie-in, add thirty to sixty minutes a night over several nights, ideally by going to bed earlier rather than getting up later.",
                    "An early afternoon nap of twenty minutes can also help without spoiling the night's sleep.",
                ],
                None,
            ),
            (
                "Protecting the week",
                [
                    "The most effective fix is regular timing. Getting up at roughly the same time every day, weekends included, anchors the body clock and makes earlier nights come naturally.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "You can soften the effects of a short week at the weekend, but you cannot fully undo them. Small, regular repayments and a steady wake-up time work better than a heroic Saturday lie-in.",
        ],
        "faqs": [
            (
                "How do I know if I am short of sleep?",
                "Needing an alarm every day, nodding off in quiet moments and relying on caffeine to get going are all common signs.",
            ),
            (
                "Is it bad to sleep ten hours at the weekend?",
                "Not harmful in itself, but it can shift your body clock and make Monday harder.",
            ),
            (
                "Do naps count towards sleep debt?",
                "Yes, short naps help repay it, as long as they do not stop you sleeping at night.",
            ),
        ],
    },
    {
        "slug": "emergency-fund-how-much-is-enough",
        "title": "Emergency funds explained: how much is enough?",
        "category": "money",
        "tags": ["saving", "budgeting", "explainer"],
        "summary": "Why a cash cushion matters more than any investment, how big it needs to be for your situation, and where to keep it.",
        "image": ("#1d4ed8", "#bfdbfe", "Emergency fund"),
        "days_ago": 3,
        "intro": [
            "A boiler breaks, a car fails its test, hours at work are cut. Without savings to fall back on, each of these becomes a debt, often at a high rate of interest.",
            "An emergency fund is simply money set aside for the unexpected. It is the least exciting part of personal finance and arguably the most important.",
        ],
        "sections": [
            (
                "The three-to-six month rule",
                [
                    "The usual advice is to keep three to six months of essential spending in easy-access savings. Essential means rent or mortgage, bills, food and transport, not your whole outgoings.",
                    "Someone with a secure job and no dependants can sit at the lower end. A self-employed parent with irregular income should aim higher.",
                ],
                (
                    "Work out your essential month first. Most people overestimate it, and a smaller target you can actually reach beats a big one you give up on.",
                    "Grace Mensah, money adviser at a debt charity",
                ),
            ),
            (
                "Start smaller than you think",
                [
                    "If six months feels impossible, aim for a first milestone of one month, or even a fixed sum such as the cost of a car repair. Reaching it builds the habit.",
                ],
                None,
            ),
            (
                "Where to keep it",
                [
                    "Emergency money needs to be safe and quick to reach, so an easy-access savings account is usually best. Shares and long fixed-term accounts are the wrong home for it because their value or availability can change just when you need them.",
                    "Keeping it in a separate account from your everyday spending makes it less tempting to dip into for things that are not emergencies.",
                ],
                None,
            ),
            (
                "What counts as an emergency",
                [
                    "A good test is whether the cost is unexpected, necessary and urgent. A holiday fails all three; a broken fridge passes them all.",
                ],
                None,
            ),
            (
                "Building it back up",
                [
                    "Using the fund is what it is for. Afterwards, set up a standing order on payday to rebuild it, even if the amount is small.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "An emergency fund turns a crisis into an inconvenience. Work out your essential monthly spending, set a first milestone, and automate a small payment towards it every payday.",
        ],
        "faqs": [
            (
                "Should I pay off debts before building an emergency fund?",
                "Many advisers suggest a small buffer first, then paying off expensive debts, then building the full fund.",
            ),
            (
                "Is a credit card an emergency fund?",
                "It can be a backstop, but borrowing at high interest is exactly what the fund is meant to avoid.",
            ),
            (
                "How much interest should I expect?",
                "Easy-access accounts pay less than fixed ones; the point of this money is safety and access rather than return.",
            ),
            (
                "Can my emergency fund be too big?",
                "Yes. Beyond about six months of essentials, extra savings may be better put towards longer-term goals.",
            ),
        ],
    },
    {
        "slug": "compound-interest-for-and-against-you",
        "title": "How compound interest works for you, and against you",
        "category": "money",
        "tags": ["saving", "borrowing", "explainer"],
        "summary": "Interest on interest is the quiet force behind growing savings and spiralling debts. A plain-English guide with worked numbers.",
        "image": ("#a16207", "#fef08a", "Compound interest"),
        "days_ago": 12,
        "intro": [
            "Compound interest means earning interest on your interest, not just on the money you first put in. Over a few months the difference is tiny. Over decades it is enormous.",
            "The same arithmetic works in reverse when you borrow, which is why a small unpaid card balance can grow faster than people expect.",
        ],
        "sections": [
            (
                "Simple versus compound",
                [
                    "Put 1,000 in an account paying 5% simple interest and you earn 50 every year: 1,500 after ten years.",
                    "With 5% compound interest, each year's interest is added to the balance and earns interest itself. After ten years you have about 1,629, and after thirty about 4,322, compared with 2,500 on simple interest.",
                ],
                None,
            ),
            (
                "Time matters more than the rate",
                [
                    "Because growth builds on itself, starting early is worth more than finding a slightly better rate later on.",
                ],
                (
                    "The best time to start saving was ten years ago. The second best is this month, with whatever amount you can spare.",
                    "Daniel Kovacs, independent financial planner",
                ),
            ),
            (
                "When it works against you",
                [
                    "On a credit card charging 24% a year, a 1,000 balance left untouched grows to about 1,270 in a year as interest is added monthly.",
                    "Paying only the minimum each month means much of your payment goes on interest, so the balance falls very slowly.",
                ],
                None,
            ),
            (
                "The rule of 72",
                [
                    "Divide 72 by the interest rate to estimate how many years it takes money to double. At 6%, about twelve years. At 24%, a debt doubles in about three.",
                ],
                None,
            ),
            (
                "Making it work for you",
                [
                    "Pay off the most expensive debts first, then save regularly and leave the interest in the account so it can compound.",
                    "Check whether an account pays interest monthly or yearly: the more often it compounds, the slightly faster it grows.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "Compound interest rewards patience and punishes delay. Start saving early, even in small amounts, and treat high-interest debt as the urgent problem it is.",
        ],
        "faqs": [
            (
                "What is the difference between AER and APR?",
                "AER shows what savings earn over a year with compounding; APR shows the yearly cost of borrowing including fees.",
            ),
            (
                "Does inflation cancel out interest?",
                "Partly. If prices rise faster than your interest rate, your savings lose buying power even as the balance grows.",
            ),
            (
                "Is compound interest only for savings accounts?",
                "No. Investments that reinvest their returns compound in the same way, though their value can also fall.",
            ),
        ],
    },
    {
        "slug": "reading-your-payslip",
        "title": "Reading your payslip line by line",
        "category": "money",
        "tags": ["work", "tax", "explainer"],
        "summary": "Gross pay, tax codes, deductions and net pay: what each line on a payslip means and the mistakes worth checking for every month.",
        "image": ("#7c3aed", "#ddd6fe", "Your payslip"),
        "days_ago": 16,
        "intro": [
            "A payslip is the only monthly document that shows exactly how your wages turn into the money in your account. Most people check the last line and file the rest.",
            "Mistakes on payslips are more common than you might think, and the sooner you spot one, the easier it is to fix.",
        ],
        "sections": [
            (
                "Gross pay",
                [
                    "Gross pay is what you earned before anything is taken off: your salary or hours worked, plus overtime, bonuses or commission for the period.",
                    "If you are paid by the hour, check the hours against your own record. Missing overtime is one of the most frequent errors.",
                ],
                None,
            ),
            (
                "Your tax code",
                [
                    "The tax code tells your employer how much you can earn before income tax starts. A wrong code can mean paying too much, or too little and facing a bill later.",
                ],
                (
                    "An emergency tax code after a job change is normal for a month or two. If it is still there after three payslips, call the tax office.",
                    "Farah Iqbal, payroll manager",
                ),
            ),
            (
                "Deductions",
                [
                    "Income tax, social insurance contributions and pension contributions are the usual deductions. Some payslips also show student loan repayments, union fees or a cycle-to-work scheme.",
                    "Each deduction should match something you agreed to or that the law requires. If you do not recognise one, ask.",
                ],
                None,
            ),
            (
                "Net pay",
                [
                    "Net pay is what is left after deductions, the amount that lands in your account. It should match your bank statement to the penny.",
                ],
                None,
            ),
            (
                "Year-to-date figures",
                [
                    "Many payslips show running totals for the tax year. They are useful for checking that tax is being spread evenly, and for applying for a mortgage or loan.",
                ],
                None,
            ),
            (
                "Keeping records",
                [
                    "Keep your payslips, paper or digital, for at least a few years. They are proof of earnings and the starting point if you ever need to claim a refund.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "Five minutes a month is enough: check the hours and rate, the tax code, each deduction and that net pay matches what arrived. Catching an error early saves a long correspondence later.",
        ],
        "faqs": [
            (
                "What if my employer does not give me a payslip?",
                "In many countries employees have a legal right to one. Ask payroll in writing first.",
            ),
            (
                "Why did my net pay change when my salary did not?",
                "A new tax code, a change in pension contributions or a one-off deduction are the usual reasons.",
            ),
            (
                "Can I get back tax I overpaid?",
                "Usually yes, either automatically at the end of the tax year or by contacting the tax office.",
            ),
        ],
    },
    {
        "slug": "why-phone-batteries-wear-out",
        "title": "Why your phone battery wears out, and how to slow it down",
        "category": "everyday-life",
        "tags": ["technology", "explainer"],
        "summary": "Lithium-ion batteries age with heat, time and full charges. Simple habits that keep a phone lasting through the day for longer.",
        "image": ("#be123c", "#fecdd3", "Battery life"),
        "days_ago": 7,
        "intro": [
            "After a couple of years most phones that once lasted a full day need a top-up by mid-afternoon. The battery has not broken; it has aged, as every lithium-ion battery does.",
            "How fast it ages depends a lot on how it is treated, and a few habits can add months of useful life.",
        ],
        "sections": [
            (
                "What happens inside the battery",
                [
                    "Charging moves lithium ions from one side of the battery to the other. Each cycle causes tiny chemical changes that gradually reduce how many ions can make the trip.",
                    "The result is lower capacity: the battery still works, but holds less energy than when it was new.",
                ],
                None,
            ),
            (
                "Heat is the biggest enemy",
                [
                    "High temperatures speed up the chemical wear. Leaving a phone on a sunny dashboard or charging it under a pillow does more harm than almost anything else.",
                ],
                (
                    "If the phone feels hot while charging, take it out of its case and put it somewhere cooler. Heat, not charging itself, is what ages batteries fastest.",
                    "Mei Lin Zhang, battery engineer",
                ),
            ),
            (
                "Full and empty are both stressful",
                [
                    "Batteries are most comfortable between about 20% and 80%. Sitting at 100% for hours, or running down to zero, adds extra wear.",
                    "Many phones now offer an optimised or limited charging setting that pauses at 80% overnight. Turning it on is one of the easiest wins.",
                ],
                None,
            ),
            (
                "Fast charging in moderation",
                [
                    "Fast chargers are designed with the battery's limits in mind, but they generate more heat. Use them when you are in a hurry and a standard charger overnight.",
                ],
                None,
            ),
            (
                "When to replace the battery",
                [
                    "Most phones report battery health in their settings. Below about 80% of original capacity, a battery replacement is often cheaper and greener than a new phone.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "Keep it cool, avoid living at 0% or 100%, and turn on optimised charging. When the battery does wear out, replacing it can give a phone years more life.",
        ],
        "faqs": [
            (
                "Is it bad to charge my phone overnight?",
                "Not with optimised charging turned on; without it, the battery sits at 100% for hours, which adds wear.",
            ),
            (
                "Should I let my battery drain fully once a month?",
                "No. That advice was for older battery types and does not help lithium-ion batteries.",
            ),
            (
                "Do cheap chargers damage batteries?",
                "Poorly made chargers can overheat or deliver unstable power, so choose certified ones.",
            ),
        ],
    },
    {
        "slug": "cut-home-energy-use-without-being-cold",
        "title": "How to cut your home energy use without being cold",
        "category": "everyday-life",
        "tags": ["energy", "home", "budgeting"],
        "summary": "Draughts, thermostats, radiators and hot water: the changes that save the most energy for the least discomfort, in order of payoff.",
        "image": ("#c2410c", "#fed7aa", "Home energy"),
        "days_ago": 20,
        "intro": [
            "Heating and hot water make up most of a typical household's energy use. That is good news: it means a handful of changes there matter far more than switching off every light.",
            "None of what follows involves sitting in a coat indoors. It is about keeping heat where you want it and not paying to warm empty rooms.",
        ],
        "sections": [
            (
                "Stop the draughts first",
                [
                    "Gaps around doors, windows, letterboxes and floorboards let warm air escape and cold air in. Draught-proofing strips and brushes are cheap and make rooms feel warmer at the same thermostat setting.",
                ],
                (
                    "Draught-proofing is the one job I recommend to everyone. It costs little, you can do it in an afternoon, and you feel the difference the same evening.",
                    "Owen Pritchard, home energy assessor",
                ),
            ),
            (
                "Set the thermostat once, then leave it",
                [
                    "Turning the thermostat down by one degree can reduce heating use by several percent. Most people do not notice the difference after a few days.",
                    "Turning the heating up high does not warm a room faster; it just overshoots. Set a comfortable temperature and use a timer for when you are home.",
                ],
                None,
            ),
            (
                "Heat the rooms you use",
                [
                    "Radiator valves let you keep bedrooms and spare rooms cooler than the living room. Closing doors keeps the warmth where it is needed.",
                ],
                None,
            ),
            (
                "Hot water",
                [
                    "Shorter showers save both water and the energy used to heat it. If you have a hot water tank, an insulating jacket pays for itself quickly.",
                    "Washing clothes at 30 °C instead of 40 °C cleans everyday loads just as well with a modern detergent.",
                ],
                None,
            ),
            (
                "Small things that add up",
                [
                    "Curtains closed at dusk, furniture moved away from radiators and lids on pans all help. Individually small, together they are noticeable on the bill.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "Start with draughts, then the thermostat and radiator valves, then hot water. These changes save the most for the least effort, and they leave the house just as comfortable.",
        ],
        "faqs": [
            (
                "Is it cheaper to leave the heating on low all day?",
                "Generally no. Heating only when you need it, on a timer, uses less energy in most homes.",
            ),
            (
                "Do smart thermostats save money?",
                "They can, mainly by making it easy to heat only when and where you need it.",
            ),
            (
                "What temperature should my home be?",
                "Around 18–21 °C suits most people; older people and babies may need it warmer.",
            ),
            (
                "Are electric heaters a good idea?",
                "For warming one small room briefly they can be, but they are expensive to run for long periods.",
            ),
        ],
    },
    {
        "slug": "pension-when-you-change-jobs",
        "title": "What happens to your pension when you change jobs",
        "category": "money",
        "tags": ["pensions", "work", "explainer"],
        "summary": "Your old workplace pension does not disappear when you leave. How to keep track of it, and when combining pots makes sense.",
        "scheduled_in_days": 3,
        "image": ("#15803d", "#bbf7d0", "Pensions"),
        "intro": [
            "Most people will work for many employers, and each may open a workplace pension for them. It is easy to leave a trail of small pots behind and lose track of them.",
            "Changing jobs does not mean losing the money. But it is worth knowing what happens to it and what choices you have.",
        ],
        "sections": [
            (
                "Your old pot stays yours",
                [
                    "When you leave, your employer stops paying in, but the money already saved stays invested in your name. It keeps growing, or falling, with the markets.",
                ],
                None,
            ),
            (
                "Keep a record",
                [
                    "Note the provider's name, your member number and the employer for every pension you have. Update your address with each provider when you move.",
                ],
                (
                    "The most expensive pension is the one you forget about. A note on each pot takes five minutes and can be worth thousands at retirement.",
                    "Ruth Adeyemi, pensions specialist",
                ),
            ),
            (
                "Combining pensions",
                [
                    "Transferring old pots into one can make them easier to manage and may reduce fees. But some older schemes have valuable guarantees that are lost on transfer.",
                    "Check for exit charges and guaranteed benefits before moving anything, and take advice for larger or final salary pensions.",
                ],
                None,
            ),
            (
                "Your new employer's scheme",
                [
                    "Joining the new scheme is usually automatic. Check the contribution rates: some employers match higher contributions, which is effectively extra pay.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "Leaving a job leaves your pension where it is. Keep a record of every pot, check fees and guarantees before combining, and make the most of your new employer's contributions.",
        ],
        "faqs": [
            (
                "Can I take my pension out when I leave a job?",
                "Usually not until the minimum pension age, whatever your employment.",
            ),
            (
                "How do I find a lost pension?",
                "Government pension tracing services can find providers from an old employer's name.",
            ),
            (
                "Are there fees for leaving money in an old scheme?",
                "Sometimes. Compare the charges with your current scheme.",
            ),
        ],
    },
    {
        "slug": "fix-a-dripping-tap",
        "title": "A beginner's guide to fixing a dripping tap",
        "category": "everyday-life",
        "tags": ["home", "repairs"],
        "summary": "Most drips come from a worn washer or cartridge. How to tell which tap you have, what to buy and how to swap it in half an hour.",
        "image": ("#0e7490", "#a5f3fc", "Dripping tap"),
        "draft": True,
        "intro": [
            "A dripping tap wastes water and, if it is the hot tap, energy too. In most cases the fix is a part costing less than a coffee.",
            "You need a few basic tools and the confidence to turn off the water first.",
        ],
        "sections": [
            (
                "Find out what kind of tap you have",
                [
                    "Older taps that turn several times usually have a rubber washer. Taps that turn a quarter turn have a ceramic cartridge instead.",
                ],
                None,
            ),
            (
                "Turn off the water",
                [
                    "Look for an isolating valve on the pipe under the sink, and turn its slot a quarter turn with a screwdriver. If there is none, use the stopcock.",
                ],
                None,
            ),
            (
                "Replace the washer or cartridge",
                [
                    "Remove the handle, unscrew the headgear, and take the old part to a hardware shop so you can match it exactly.",
                ],
                (
                    "Take a photo at every step. When you put it back together, the photos are the instructions.",
                    "Carla Mendes, plumber",
                ),
            ),
            (
                "Reassemble and test",
                [
                    "Put everything back in reverse order, turn the water on slowly and check for leaks around the base of the tap.",
                ],
                None,
            ),
        ],
        "conclusion": [
            "Most drips are a half-hour job. If the tap still drips with a new part, the valve seat may be worn and it is time to call a plumber.",
        ],
        "faqs": [
            (
                "Do I need to turn off the water for the whole house?",
                "Only if there is no isolating valve under the sink.",
            ),
            (
                "How much water does a dripping tap waste?",
                "A fast drip can waste thousands of litres a year.",
            ),
        ],
    },
]
